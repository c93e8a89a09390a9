package org.multiprocessing4j.internal.shm;

/**
 * The layout of the header that starts every segment file. The version is written last, with
 * release ordering, so an attacher that reads a non-zero version (with acquire) sees the rest.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     version (0 = not ready)                   |  0
 *  +---------------------------------------------------------------+
 *  |                     magic "MP4J"                              |  4
 *  +---------------------------------------------------------------+
 *  |                     owner pid                                 |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     owner start time (the platform's unit)    | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     data length in bytes                      | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     reserved up to LENGTH                     | 32
 *  +---------------------------------------------------------------+
 * </pre>
 * The data (the shared object's own layout) starts at {@link #LENGTH}, a multiple of 64 so that
 * the data starts on a cache line.
 */
public final class SegmentHeader {
    public static final int VERSION_OFFSET = 0;
    public static final int MAGIC_OFFSET = 4;
    public static final int OWNER_PID_OFFSET = 8;
    public static final int OWNER_START_OFFSET = 16;
    public static final int DATA_LENGTH_OFFSET = 24;
    /** Header length; data starts here. */
    public static final int LENGTH = 128;

    public static final int MAGIC = 0x4D50344A;
    public static final int VERSION = 1;

    private SegmentHeader() {}
}
