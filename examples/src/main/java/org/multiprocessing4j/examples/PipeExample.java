package org.multiprocessing4j.examples;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Pipe;
import org.multiprocessing4j.Process;

/**
 * The seed's Pipe example: worker 1 sends a value, worker 2 multiplies it and sends it back.
 *
 * <pre>{@code
 * ./mp4j example Pipe
 * }</pre>
 */
public final class PipeExample {
    private PipeExample() {}

    static void worker1(Connection conn, String name, int value) throws Exception {
        String msg = "Worker 1 (" + name + ") sends value " + value;
        conn.send(msg);   // send a message
        System.out.println("Worker 1 sent: " + msg);
        Object response = conn.recv();   // receive the response from worker 2
        System.out.println("Worker 1 received: " + response);
        conn.close();
    }

    static void worker2(Connection conn, int multiplier) throws Exception {
        String msg = (String) conn.recv();   // receive the message from worker 1
        System.out.println("Worker 2 received: " + msg);
        String[] words = msg.split(" ");
        int value = Integer.parseInt(words[words.length - 1]);   // the value at the end of the message
        int responseValue = value * multiplier;
        String responseMsg = "Worker 2 multiplied value by " + multiplier + " and got " + responseValue;
        conn.send(responseMsg);   // send the result back to worker 1
        System.out.println("Worker 2 sent: " + responseMsg);
        conn.close();
    }

    public static void main(String[] args) throws Exception {
        Pipe pipe = Pipe.open();   // Python: conn1, conn2 = Pipe()
        Connection conn1 = pipe.left();
        Connection conn2 = pipe.right();
        Process p1 = new Process(() -> worker1(conn1, "Alice", 10));   // worker 1 has a name and a value
        Process p2 = new Process(() -> worker2(conn2, 5));             // worker 2 has a multiplier
        p1.start();
        p2.start();
        p1.join();
        p2.join();
    }
}
