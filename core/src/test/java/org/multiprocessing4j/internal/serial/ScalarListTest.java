package org.multiprocessing4j.internal.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.DeserializationException;

/**
 * Tag 17 of {@link ScalarCodec}: an {@code Object[]} of scalars, strings and small primitive
 * arrays (a pool chunk's arguments or results) travels without an object stream; what it cannot
 * carry as Java serialization would (an array twice, a large array, another class) goes to Java
 * serialization; malformed frames fail clearly.
 */
@Timeout(60)
class ScalarListTest {
    @Test
    void anArrayOfScalarsStringsAndSmallArraysRoundTripsWithoutAnObjectStream() {
        Object[] values = {1, 2L, 3.5, "text é", null, new double[] {1, 2, 3}, new int[] {4}, new byte[0], true,
                'c', (short) 7, (byte) 8, 9.5f, new char[] {'x'}, new long[] {Long.MIN_VALUE}, new float[] {1f},
                new short[] {-1}, ""};
        byte[] frame = Serialization.toFrame(values);
        assertEquals(ScalarCodec.ID, frame[0]);
        assertEquals(17, frame[1]);
        Object[] back = (Object[]) Serialization.fromFrame(frame);
        assertEquals(values.length, back.length);
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && values[i].getClass().isArray()) {
                assertEquals(values[i].getClass(), back[i].getClass());
                assertEquals(Arrays.deepToString(new Object[] {values[i]}), Arrays.deepToString(new Object[] {back[i]}), "element " + i);
            } else {
                assertEquals(values[i], back[i], "element " + i);
            }
        }
        assertArrayEquals(new Object[0], (Object[]) Serialization.fromFrame(Serialization.toFrame(new Object[0])));
    }

    @Test
    void whatJavaSerializationWouldCarryDifferentlyGoesToIt() {
        double[] shared = {1, 2};
        Object[] twice = {shared, shared};
        byte[] frame = Serialization.toFrame(twice);
        assertNotEquals(ScalarCodec.ID, frame[0], "an array twice stays one array: Java serialization");
        Object[] back = (Object[]) Serialization.fromFrame(frame);
        assertSame(back[0], back[1]);
        assertNotEquals(ScalarCodec.ID, Serialization.toFrame(new Object[] {new double[10_000]})[0], "80 kB: raw-array frame");
        assertNotEquals(ScalarCodec.ID, Serialization.toFrame(new Object[] {java.util.List.of(1)})[0]);
        assertNotEquals(ScalarCodec.ID, Serialization.toFrame(new Object[] {new Object[] {1}})[0], "no nesting");
        assertNotEquals(ScalarCodec.ID, Serialization.toFrame(new String[] {"a"})[0], "exactly Object[]");
        // an unpaired surrogate cannot go through UTF-8: Java serialization keeps it, alone or in a list
        for (String odd : new String[] {"a\uD800", "\uDC00b", "x\uD83D"}) {
            assertNotEquals(ScalarCodec.ID, Serialization.toFrame(odd)[0], odd);
            assertEquals(odd, Serialization.fromFrame(Serialization.toFrame(odd)));
            Object[] inList = (Object[]) Serialization.fromFrame(Serialization.toFrame(new Object[] {odd, 1}));
            assertEquals(odd, inList[0]);
        }
        String emoji = "smile \uD83D\uDE00";
        assertEquals(ScalarCodec.ID, Serialization.toFrame(emoji)[0], "a paired surrogate is fine in UTF-8");
        assertEquals(emoji, ((Object[]) Serialization.fromFrame(Serialization.toFrame(new Object[] {emoji})))[0]);
    }

    @Test
    void malformedListFramesFailClearly() {
        byte[] good = Serialization.toFrame(new Object[] {1, "a"});
        for (int cut = 2; cut < good.length; cut++) {
            byte[] shortFrame = Arrays.copyOf(good, cut);
            assertThrows(DeserializationException.class, () -> Serialization.fromFrame(shortFrame), "cut " + cut);
        }
        byte[] trailing = Arrays.copyOf(good, good.length + 1);
        assertThrows(DeserializationException.class, () -> Serialization.fromFrame(trailing));
        byte[] hugeCount = good.clone();
        hugeCount[2] = 0x7f;
        assertThrows(DeserializationException.class, () -> Serialization.fromFrame(hugeCount));
        // an element that is itself a list frame
        byte[] nested = {ScalarCodec.ID, 17, 0, 0, 0, 1, 0, 0, 0, 5, 17, 0, 0, 0, 0};
        assertThrows(DeserializationException.class, () -> Serialization.fromFrame(nested));
    }
}
