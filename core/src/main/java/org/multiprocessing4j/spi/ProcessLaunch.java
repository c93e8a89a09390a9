package org.multiprocessing4j.spi;

/**
 * What a backend needs to run a {@link org.multiprocessing4j.Process}: its name and identity for
 * messages, and the serialized process object, whose {@code run()} is the work.
 *
 * <pre>{@code
 * RunningProcess child = backend.start(new ProcessLaunch("Process-1", new int[] {1}, false, frame, "MainProcess"));
 * }</pre>
 *
 * @param name the process name ({@code Process-1})
 * @param identity the process identity ({@code [1]})
 * @param daemon whether it is daemonic
 * @param frame the process object, serialized as {@link org.multiprocessing4j.Process} frames are
 * @param parentName the name of the process that starts it
 */
public record ProcessLaunch(String name, int[] identity, boolean daemon, byte[] frame, String parentName) {}
