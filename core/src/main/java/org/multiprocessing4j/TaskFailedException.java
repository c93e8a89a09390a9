package org.multiprocessing4j;

/**
 * A task of an {@link Pool#imapUnordered imapUnordered} failed: its results come in completion
 * order, so this names the input the failing task was given, by its position in the input
 * (counting from 0); the {@linkplain #getCause() cause} is the task's exception, as
 * {@link Pool#imap imap} would throw it at that position.
 *
 * <pre>{@code
 * for (Iterator<Integer> it = pool.imapUnordered(x -> 10 / x, List.of(1, 0, 2), 2); it.hasNext(); ) {
 *     try {
 *         System.out.println(it.next());
 *     } catch (TaskFailedException e) {
 *         System.out.println("input #" + e.index() + " failed: " + e.getCause());   // input #1 failed: ArithmeticException
 *     }
 * }
 * }</pre>
 */
public final class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long index;

    TaskFailedException(long index, Throwable cause) {
        super("the task for input #" + index + " failed: " + cause, cause);
        this.index = index;
    }

    /** The failing task's input position, counting from 0. */
    public long index() {
        return index;
    }
}
