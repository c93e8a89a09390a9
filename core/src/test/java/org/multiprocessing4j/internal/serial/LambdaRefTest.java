package org.multiprocessing4j.internal.serial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.DeserializationException;
import org.multiprocessing4j.function.SerializableFunction;
import org.multiprocessing4j.function.SerializableRunnable;

/**
 * Lambdas through {@link JdkCodec} as {@link LambdaRef}s: they come back working, nested, shared
 * and with the objects they capture being the very objects of the rest of the graph, as Java
 * serialization's own path gives them; a lambda the capturing class does not have is refused.
 */
@Timeout(60)
class LambdaRefTest {
    /** A graph in which a lambda captures another member of the graph. */
    record Job(List<String> log, SerializableRunnable step) implements Serializable {}

    static Job job() {
        List<String> log = new ArrayList<>();
        return new Job(log, () -> log.add("ran"));
    }

    @Test
    void aLambdaKeepsTheIdentityOfWhatItCapturesAndIsSharedWhereTheGraphSharesIt() throws Exception {
        Job back = (Job) Serialization.fromFrame(Serialization.toFrame(job()));
        back.step().run();
        assertEquals(List.of("ran"), back.log(), "the lambda writes to the graph's own list");
        SerializableFunction<Integer, Integer> twice = x -> 2 * x;
        SerializableFunction<Integer, Integer> outer = x -> twice.apply(x) + 1; // a lambda capturing a lambda
        Object[] shared = (Object[]) Serialization.fromFrame(Serialization.toFrame(new Object[] {outer, outer, twice}));
        assertSame(shared[0], shared[1]);
        @SuppressWarnings("unchecked")
        SerializableFunction<Integer, Integer> f = (SerializableFunction<Integer, Integer>) shared[0];
        assertEquals(7, f.apply(3));
        assertTrue(new String(Serialization.toFrame(twice), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("LambdaRef"), "sent as a LambdaRef, not a SerializedLambda");
    }

    @Test
    void aLambdaTheCapturingClassDoesNotHaveIsRefused() {
        SerializableRunnable r = () -> { };
        byte[] frame = Serialization.toFrame(r);
        // point the frame's implementation method at one the class has no lambda for
        String s = new String(frame, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = s.indexOf("lambda$");
        assertTrue(at > 0, "the frame names the implementation method");
        byte[] forged = frame.clone();
        forged[at] = 'L'; // "Lambda$..." : no such implementation method
        DeserializationException e = assertThrows(DeserializationException.class, () -> Serialization.fromFrame(forged));
        assertTrue(e.getMessage().contains("lambda"), e.getMessage());
    }
}
