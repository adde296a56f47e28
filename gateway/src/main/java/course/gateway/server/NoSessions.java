package course.gateway.server;

import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;

/**
 * A session handler that keeps no sessions and sets no cookie. The gateway has no use for HTTP sessions, but
 * Javalin opens one for every WebSocket upgrade (to copy its attributes into the socket's context). With Jetty's
 * default handler each of those sessions stayed in memory, never expiring, and every WebSocket client was sent a
 * JSESSIONID cookie. With a null cache a session lives only as long as its request.
 */
public final class NoSessions extends SessionHandler {
    NoSessions() {
        var cache = new NullSessionCache(this);
        cache.setSessionDataStore(new NullSessionDataStore());
        setSessionCache(cache);
        setUsingCookies(false);
    }
}
