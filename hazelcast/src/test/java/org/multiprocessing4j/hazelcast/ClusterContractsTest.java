package org.multiprocessing4j.hazelcast;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.multiprocessing4j.Context;
import org.multiprocessing4j.contract.BarrierContract;
import org.multiprocessing4j.contract.ConditionContract;
import org.multiprocessing4j.contract.EventContract;
import org.multiprocessing4j.contract.JoinableQueueContract;
import org.multiprocessing4j.contract.LockContract;
import org.multiprocessing4j.contract.ManagerContract;
import org.multiprocessing4j.contract.PipeContract;
import org.multiprocessing4j.contract.PoolContract;
import org.multiprocessing4j.contract.QueueContract;
import org.multiprocessing4j.contract.RLockContract;
import org.multiprocessing4j.contract.SemaphoreContract;
import org.multiprocessing4j.contract.ValueArrayContract;

/**
 * Every contract suite of core ({@code org.multiprocessing4j.contract}, from core's test-jar) on
 * the cluster context, one {@code @Nested} subclass per suite, all on the one cluster of three
 * member JVMs this class starts (a JVM connects to one cluster at a time, so the suites share the
 * class's cluster rather than one for the run). No suite kills a member.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterContractsTest extends ThreeMemberClusterTest {
    @Nested
    class Lock extends LockContract {
        @Override
        protected Context context() {
            return cluster;
        }
    }

    @Nested
    class RLock extends RLockContract {
        @Override
        protected Context context() {
            return cluster;
        }
    }

    @Nested
    class Semaphore extends SemaphoreContract {
        @Override
        protected Context context() {
            return cluster;
        }
    }

    @Nested
    class Event extends EventContract {
        @Override
        protected Context context() {
            return cluster;
        }
    }

    @Nested
    class Condition extends ConditionContract {
        @Override
        protected Context context() {
            return cluster;
        }
    }

    @Nested
    class Barrier extends BarrierContract {
        @Override
        protected Context context() {
            return cluster;
        }
    }

    @Nested
    class Queue extends QueueContract {
        @Override
        protected Context context() {
            return cluster;
        }
    }

    @Nested
    class JoinableQueue extends JoinableQueueContract {
        @Override
        protected Context context() {
            return cluster;
        }
    }

    @Nested
    class Pipe extends PipeContract {
        @Override
        protected Context context() {
            return cluster;
        }
    }

    @Nested
    class ValueArray extends ValueArrayContract {
        @Override
        protected Context context() {
            return cluster;
        }
    }

    @Nested
    class Manager extends ManagerContract {
        @Override
        protected Context context() {
            return cluster;
        }
    }

    @Nested
    class Pool extends PoolContract {
        @Override
        protected Context context() {
            return cluster;
        }
    }
}
