package org.multiprocessing4j.hazelcast;

import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Prints every thread's stack on stderr when a test times out, then lets the timeout fail the
 * test: with {@code @Timeout(threadMode = SEPARATE_THREAD)} the stuck test thread is still there
 * to be seen, so a hang that happens once in many runs can be diagnosed from the log.
 *
 * <pre>{@code
 * @ExtendWith(ThreadDumpOnTimeout.class)
 * @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
 * class SomeClusterTest { ... }
 * }</pre>
 */
final class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (failure instanceof TimeoutException) {
            StringBuilder dump = new StringBuilder("Thread dump at the timeout of " + context.getDisplayName() + ":\n");
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
                Thread t = e.getKey();
                dump.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
                for (StackTraceElement frame : e.getValue()) {
                    dump.append("    at ").append(frame).append('\n');
                }
            }
            System.err.print(dump);
        }
        throw failure;
    }
}
