package org.multiprocessing4j.bench;

import java.io.EOFException;
import java.util.List;
import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Pipe;

/** {@code pipe_pingpong_roundtrip}: 20,000 send/recv round trips over a {@link Pipe} with an echoing child; us per round trip. */
final class PipePingPong extends Described {
    private static final int N = 20_000;

    PipePingPong() {
        super("pipe_pingpong_roundtrip", "us/roundtrip", false, ">= 3x", List.of("fork"));
    }

    @Override
    public double runOnce() throws Exception {
        Pipe pipe = Pipe.open();
        Connection parentEnd = pipe.left();
        Connection childEnd = pipe.right();
        double seconds = TimedChildren.run(1, () -> {
            Object o;
            try {
                while ((o = childEnd.recv()) != null) {
                    childEnd.send(o);
                }
            } catch (EOFException e) {
                // parent went away
            }
        }, () -> {
            for (int i = 0; i < N; i++) {
                parentEnd.send(i);
                if (!Integer.valueOf(i).equals(parentEnd.recv())) {
                    throw new IllegalStateException("wrong echo at " + i);
                }
            }
            parentEnd.send(null);
        });
        parentEnd.close();
        return seconds * 1e6 / N;
    }
}
