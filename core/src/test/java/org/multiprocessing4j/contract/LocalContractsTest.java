package org.multiprocessing4j.contract;

import org.junit.jupiter.api.Nested;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.Multiprocessing;

/**
 * Every contract suite of this package on the local context ({@code "spawn"}: child JVMs and
 * shared memory), one {@code @Nested} subclass per suite. Another context runs them with a class
 * of the same shape whose {@code context()} returns that context.
 */
class LocalContractsTest {
    static Context local() {
        return Multiprocessing.getContext("spawn");
    }

    @Nested
    class Lock extends LockContract {
        @Override
        protected Context context() {
            return local();
        }
    }

    @Nested
    class RLock extends RLockContract {
        @Override
        protected Context context() {
            return local();
        }
    }

    @Nested
    class Semaphore extends SemaphoreContract {
        @Override
        protected Context context() {
            return local();
        }
    }

    @Nested
    class Event extends EventContract {
        @Override
        protected Context context() {
            return local();
        }
    }

    @Nested
    class Condition extends ConditionContract {
        @Override
        protected Context context() {
            return local();
        }
    }

    @Nested
    class Barrier extends BarrierContract {
        @Override
        protected Context context() {
            return local();
        }
    }

    @Nested
    class Queue extends QueueContract {
        @Override
        protected Context context() {
            return local();
        }
    }

    @Nested
    class JoinableQueue extends JoinableQueueContract {
        @Override
        protected Context context() {
            return local();
        }
    }

    @Nested
    class Pipe extends PipeContract {
        @Override
        protected Context context() {
            return local();
        }
    }

    @Nested
    class ValueArray extends ValueArrayContract {
        @Override
        protected Context context() {
            return local();
        }
    }

    @Nested
    class Manager extends ManagerContract {
        @Override
        protected Context context() {
            return local();
        }
    }

    @Nested
    class Pool extends PoolContract {
        @Override
        protected Context context() {
            return local();
        }
    }
}
