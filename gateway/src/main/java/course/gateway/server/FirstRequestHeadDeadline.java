package course.gateway.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;

/**
 * Closes a new connection that has not delivered a complete request head within the deadline. The idle timeout
 * alone cannot do this: a slowloris client sends a byte now and then, so it is never idle.
 *
 * <p>Only the first request of a connection is timed. Later ones cannot be told apart, from outside Jetty's
 * parser, from a request that is still uploading its body or waiting for its answer; for them the idle timeout
 * is the bound.
 */
final class FirstRequestHeadDeadline implements Connection.Listener {
    private final Connector connector;
    private final long deadlineMillis;

    FirstRequestHeadDeadline(Connector connector, long deadlineMillis) {
        this.connector = connector;
        this.deadlineMillis = deadlineMillis;
    }

    @Override
    public void onOpened(Connection connection) {
        connector.getScheduler().schedule(() -> {
            // Jetty counts a request in as soon as its head is complete (a WebSocket upgrade request too).
            if (connection.getMessagesIn() == 0 && connection.getEndPoint().isOpen()) {
                connection.getEndPoint().close(new TimeoutException("no request head within " + deadlineMillis
                        + " ms"));
            }
        }, deadlineMillis, TimeUnit.MILLISECONDS);
    }
}
