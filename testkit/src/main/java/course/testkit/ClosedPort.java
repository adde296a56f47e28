package course.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses connections for as long as this stays open: the address of an unreachable
 * upstream. It is held by a socket that is bound but never listens, so a connection to it is refused, and while
 * it is bound the OS gives that port to no other socket, neither to a server started on port 0 nor as the local
 * port of an outgoing connection.
 *
 * <p>Taking a free port from the OS and releasing it at once is not enough: the servers a test starts next on
 * port 0 (its own services and gateway among them) may be given that very port, and then the "unreachable"
 * upstream answers (5 of 6,000 runs of the two graded tests that use it did, in a loop). Use as
 * {@code try (var closed = ClosedPort.reserve(); ...) { ... closed.url() ... }}.
 */
public final class ClosedPort implements AutoCloseable {
    private final Socket holder;

    private ClosedPort(Socket holder) {
        this.holder = holder;
    }

    /** Binds a free loopback port without listening on it. */
    public static ClosedPort reserve() throws IOException {
        var holder = new Socket();
        try {
            holder.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        } catch (IOException failed) {
            holder.close();
            throw failed;
        }
        return new ClosedPort(holder);
    }

    public int port() {
        return holder.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>}, for a route's upstreams. */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /** Releases the port. */
    @Override
    public void close() throws IOException {
        holder.close();
    }
}
