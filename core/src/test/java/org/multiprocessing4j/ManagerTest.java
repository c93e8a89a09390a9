package org.multiprocessing4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.multiprocessing4j.testing.CapturedOutput;
import org.multiprocessing4j.testing.ChildCleanup;

/**
 * What only the local context's Manager does, with real server and client JVMs: a server that
 * dies, remote clients over TCP, managed locks recovered from a dead client, custom types. The
 * contract every context shares is {@code LocalManagerContractTest} ({@code
 * org.multiprocessing4j.contract}).
 */
@ExtendWith(ChildCleanup.class)
class ManagerTest {
    static final Duration HANG = ProcessTest.HANG;

    static void joinOk(Process p) throws InterruptedException {
        assertTrue(p.join(HANG));
        assertEquals(OptionalInt.of(0), p.exitCode(), p.toString());
    }

    @Test
    void whenTheServerDiesEveryProxyCallFailsPromptlyNamingIt() throws Exception {
        Manager manager = Manager.start();
        Map<String, Integer> d = manager.dict();
        d.put("a", 1);
        long pid = manager.pid();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        assertTrue(org.multiprocessing4j.testing.OsProcesses.awaitExit(pid, HANG));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.get("a"));
        assertTrue(e.getMessage().contains("pid=" + pid), e.getMessage());
        assertThrows(IllegalStateException.class, () -> d.put("b", 2));
        manager.close();
    }

    @Test
    void aRemoteClientInAnotherJvmConnectsOverTcpAndAWrongKeyOrGarbageIsRefused() throws Exception {
        byte[] key = "secret key".getBytes();
        try (Manager manager = Manager.start(new InetSocketAddress("127.0.0.1", 0), key);
                var out = CapturedOutput.stdout()) {
            int port = manager.port();
            assertTrue(port > 0);
            Map<String, String> shared = manager.dict();
            shared.put("hello", "world");
            // garbage bytes to the TCP port: that connection is dropped, the server keeps serving
            try (SocketChannel garbage = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                ByteBuffer b = ByteBuffer.allocate(64);
                garbage.read(b); // the challenge
                garbage.write(ByteBuffer.wrap(new byte[] {0x7f, 0x7f, 0x7f, 0x7f, 1, 2, 3}));
                b.clear();
                try {
                    while (garbage.read(b) >= 0) {
                        b.clear();
                    }
                } catch (java.io.IOException reset) {
                    // the server dropped this connection: what we want
                }
            }
            assertThrows(AuthenticationException.class,
                    () -> Manager.connect(new InetSocketAddress("127.0.0.1", port), "wrong".getBytes()));
            // a client in a separate JVM that knows only the address and the key
            Process remote = new Process(() -> {
                Manager m = Manager.connect(new InetSocketAddress("127.0.0.1", port), key);
                Map<String, String> d = m.dict();
                d.put("from", "remote");
                System.out.println("remote-dict=" + d);
            });
            remote.start();
            joinOk(remote);
            assertEquals("{from=remote}", out.awaitValue("remote-dict=", HANG));
            assertEquals("world", shared.get("hello"));
        }
    }

    @Test
    void managedSynchronizationObjectsQueuesAndValuesAndALockWhoseClientDied() throws Exception {
        try (Manager manager = Manager.start(); var out = CapturedOutput.stdout()) {
            Lock lock = manager.lock();
            Queue<String> q = manager.queue();
            IntValue v = (IntValue) manager.value('i', 5);
            Event event = manager.event();
            Semaphore sem = manager.semaphore(2);
            Process client = new Process(() -> {
                lock.acquire();
                q.put("from the client");
                v.incrementAndGet();
                sem.acquire();
                event.set();
                System.out.println("client holds the lock");
                new java.util.concurrent.CountDownLatch(1).await();
            });
            client.start();
            out.awaitLine("client holds the lock"::equals, HANG);
            assertEquals("from the client", q.get(HANG));
            assertEquals(6, v.get());
            assertTrue(event.isSet());
            assertEquals(1, sem.value());
            long pid = client.pid();
            client.kill(); // CPython would leak a managed lock held by a dead client
            assertTrue(lock.acquire(HANG));
            assertTrue(lock.isRecovered());
            assertEquals(pid, lock.diedOwnerPid());
            lock.release();
            assertTrue(client.join(HANG));
            assertEquals(3, manager.barrier(3).parties());
            assertEquals(4, ((IntArray) manager.array('i', 4)).length());
            JoinableQueue<Integer> jq = manager.joinableQueue();
            jq.put(1);
            jq.get();
            jq.taskDone();
            jq.join();
        }
    }

    /** A custom type's interface. */
    public interface Counter {
        int increment(int by);

        int value();

        void fail(String why);
    }

    /** Its implementation, which lives in the manager's server. */
    static final class CounterImpl implements Counter {
        private int value;

        @Override
        public int increment(int by) {
            value += by;
            return value;
        }

        @Override
        public int value() {
            return value;
        }

        @Override
        public void fail(String why) {
            throw new IllegalArgumentException("refused: " + why);
        }
    }

    @Test
    void customTypesAreProxiedWithTheirInterfaceAndTheirExceptionsComeBack() throws Exception {
        try (Manager manager = Manager.builder().register("Counter", Counter.class, CounterImpl::new).start()) {
            Counter c = manager.create("Counter", Counter.class);
            assertEquals(2, c.increment(2));
            Process p = new Process(() -> c.increment(40)); // the proxy travels to a child
            p.start();
            joinOk(p);
            assertEquals(42, c.value());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.fail("no"));
            assertEquals("refused: no", e.getMessage());
            assertEquals(c, c);
            assertTrue(c.toString().contains("Counter"));
            assertThrows(IllegalArgumentException.class, () -> manager.create("Nope", Counter.class));
        }
        assertThrows(IllegalArgumentException.class, () -> Manager.builder().register("X", CounterImpl.class, CounterImpl::new));
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Manager.start(null, new byte[0]));
        try (Manager m = Manager.start()) {
            assertFalse(m.toString().isEmpty());
        }
    }
}
