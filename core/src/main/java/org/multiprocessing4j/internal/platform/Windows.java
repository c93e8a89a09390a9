package org.multiprocessing4j.internal.platform;

/**
 * Windows (x86-64, arm64): {@link Portable}'s layer under its own name. Segments are
 * memory-mapped files in a private per-user folder under {@code %TEMP%} ({@link PrivateFolder}),
 * identity is {@code ProcessHandle} ({@link HandleIdentity}, which the JDK answers with
 * {@code OpenProcess} and {@code GetProcessTimes}), and waits are the bounded polling of
 * {@link PollingWait}.
 *
 * <p>Why polling: {@code WaitOnAddress} ({@code synchapi.h}) wakes threads of one process only, so
 * it cannot serve a word shared between processes; the cross-process alternative, a named event
 * or semaphore per waited-on word, is not built yet. This class exists so that the choice is named
 * ({@code windows}) and a native wait can replace the polling here alone. It is compiled on Linux
 * and not run there; nothing of it is tested on Windows yet.
 */
final class Windows extends Portable {
    @Override
    public String name() {
        return "windows";
    }
}
