package course.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real {@link RedisServer} for a test class: started on a free port before the first test, stopped after the
 * last. Each test begins with Redis running (even if the test before killed it) and empty. When redis-server is
 * not installed, each test is skipped with {@link RedisServer#MISSING}, which says how to install it. Use as
 * {@code @RegisterExtension static final RedisExtension redis = new RedisExtension();}.
 */
public final class RedisExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {
    private RedisServer server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (RedisServer.isInstalled()) {
            server = RedisServer.startOnFreePort();
        } else {
            // Surefire counts skipped tests but does not print why; say it where the build output shows it.
            System.err.println("Skipping the Redis tests of " + context.getDisplayName() + ": " + RedisServer.MISSING);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        assumeTrue(server != null, RedisServer.MISSING);
        server.start();
        server.command("FLUSHALL");
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** The server for this class's tests. */
    public RedisServer server() {
        return server;
    }
}
