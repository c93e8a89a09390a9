package org.multiprocessing4j.internal.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serializable;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.Process;
import org.multiprocessing4j.spi.Backend;
import org.multiprocessing4j.spi.Cells;
import org.multiprocessing4j.testing.ChildCleanup;

/** The local backend's cells, through the SPI as any backend's, with a real child JVM. */
@ExtendWith(ChildCleanup.class)
@Timeout(120)
class LocalCellsTest {
    private static final Duration HANG = Duration.ofSeconds(60);

    @Test
    void theLocalBackendMakesCellsAsTheSpiSaysAndAChildResolvesTheirHandle() throws Exception {
        Backend local = LocalBackend.INSTANCE;
        Cells c = local.cells(3); // 64-bit cells ('l'), no lock
        assertEquals(3, c.length());
        assertNull(c.ownLock());
        c.set(1, Long.MIN_VALUE);
        assertEquals(0, c.getAndAdd(0, 5));
        assertTrue(c.compareAndSet(0, 5, 7));
        assertFalse(c.compareAndSet(0, 5, 9));
        assertEquals(7, c.getAndSet(0, 8));
        assertArrayEquals(new long[] {8, Long.MIN_VALUE, 0}, c.snapshot());

        Serializable handle = c.handle();
        Process p = new Process(() -> {
            Cells there = LocalBackend.resolveCells(handle, CellsLayout.ARRAY_KIND, Typecode.LONG, 3,
                    LocalCells.LockMode.NONE);
            there.getAndAdd(2, 40);
            there.setRange(0, new long[] {1, 2}, 0, 2);
        });
        p.start();
        assertTrue(p.join(HANG), "child hung: " + p);
        assertEquals(OptionalInt.of(0), p.exitCode(), "child failed (its stack trace is on stderr): " + p);
        assertArrayEquals(new long[] {1, 2, 40}, c.snapshot());

        assertThrows(java.io.InvalidObjectException.class, () -> LocalBackend.resolveCells(handle,
                CellsLayout.VALUE_KIND, Typecode.LONG, 3, LocalCells.LockMode.NONE), "the segment holds an array");
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> c.get(3));
        assertEquals("index=3, length=3", e.getMessage());
    }

    @Test
    void typedCellsKeepCpythonSizesTheirBitsAndTheirOwnLock() throws Exception {
        Backend local = LocalBackend.INSTANCE;
        Cells ints = local.cells('i', 2, true);
        assertNotNull(ints.ownLock(), "the own lock lives in the cells' segment");
        assertTrue(ints.ownLock().acquire(Long.MAX_VALUE));
        assertTrue(ints.ownLock().acquire(0), "the own lock is reentrant, an RLock's");
        ints.ownLock().release();
        ints.ownLock().release();
        ints.set(0, -1);
        assertEquals(-1, ints.getAndAdd(0, 1));
        assertTrue(ints.compareAndSet(1, 0, Integer.MIN_VALUE));
        assertArrayEquals(new long[] {0, Integer.MIN_VALUE}, ints.snapshot());

        Cells floats = local.cells('f', 1, false);
        int bits = Float.floatToRawIntBits(-1.5f);
        floats.set(0, bits);
        assertEquals(bits, floats.get(0), "'f' cells hold the raw bits, sign-extended");

        Cells chars = local.cells('c', 1, false);
        chars.set(0, 200);
        assertEquals(200, chars.get(0), "'c' cells hold 0..255");
        Cells bytes = local.cells('b', 1, false);
        bytes.set(0, -3);
        assertEquals(-3, bytes.get(0));
        UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class, () -> bytes.getAndAdd(0, 1));
        assertTrue(u.getMessage().contains("'b'"), u.getMessage());

        Cells shorts = local.cells('h', 3, false);
        LocalCells s = (LocalCells) shorts;
        assertEquals(Typecode.SHORT, s.typecode());
        assertEquals(CellsLayout.DATA + 3 * 2, s.memory.byteSize(), "'h' elements are 2 bytes, as C's short");
        assertThrows(IllegalArgumentException.class, () -> local.cells('q', 1, false));
    }

    @Test
    void layoutsDeriveEachOffsetFromThePreviousAndKeepTheirPlaces() {
        assertEquals(0, CellsLayout.MUTEX);
        assertEquals(48, CellsLayout.KIND);
        assertEquals(52, CellsLayout.TYPECODE);
        assertEquals(56, CellsLayout.LENGTH);
        assertEquals(60, CellsLayout.LOCK_MODE);
        assertEquals(64, CellsLayout.DATA);
        assertEquals(48, ShareableListLayout.KIND);
        assertEquals(52, ShareableListLayout.COUNT);
        assertEquals(56, ShareableListLayout.PAYLOAD_BYTES);
        assertEquals(64, ShareableListLayout.TABLE);
        assertEquals(24, ShareableListLayout.ENTRY_LENGTH);
        assertEquals(16, ShareableListLayout.OFF);
    }
}
