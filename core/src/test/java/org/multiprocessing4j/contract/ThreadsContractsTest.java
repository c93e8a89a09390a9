package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Nested;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;

/**
 * Every contract suite of this package on the threads context ({@code "threads"}: processes are
 * threads of this JVM, objects live on its heap), one {@code @Nested} subclass per suite, as
 * {@link LocalContractsTest} runs them on the local context.
 */
class ThreadsContractsTest {
    static Context threads() {
        return Multiprocessing.getContext("threads");
    }

    @Nested
    class Lock extends LockContract {
        @Override
        protected Context context() {
            return threads();
        }
    }

    @Nested
    class RLock extends RLockContract {
        @Override
        protected Context context() {
            return threads();
        }
    }

    @Nested
    class Semaphore extends SemaphoreContract {
        @Override
        protected Context context() {
            return threads();
        }
    }

    @Nested
    class Event extends EventContract {
        @Override
        protected Context context() {
            return threads();
        }
    }

    @Nested
    class Condition extends ConditionContract {
        @Override
        protected Context context() {
            return threads();
        }
    }

    @Nested
    class Barrier extends BarrierContract {
        @Override
        protected Context context() {
            return threads();
        }
    }

    @Nested
    class Queue extends QueueContract {
        @Override
        protected Context context() {
            return threads();
        }
    }

    @Nested
    class JoinableQueue extends JoinableQueueContract {
        @Override
        protected Context context() {
            return threads();
        }
    }

    @Nested
    class Pipe extends PipeContract {
        @Override
        protected Context context() {
            return threads();
        }
    }

    @Nested
    class ValueArray extends ValueArrayContract {
        @Override
        protected Context context() {
            return threads();
        }
    }

    @Nested
    class Manager extends ManagerContract {
        @Override
        protected Context context() {
            return threads();
        }
    }

    @Nested
    class Pool extends PoolContract {
        @Override
        protected Context context() {
            return threads();
        }
    }
}
