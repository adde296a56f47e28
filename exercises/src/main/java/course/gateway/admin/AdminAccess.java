package course.gateway.admin;

import course.gateway.auth.ApiKeys;
import course.gateway.config.AdminConfig;
import course.gateway.config.AdminConfig.Access;
import course.gateway.pipeline.RequestFacts;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.Handler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

/**
 * Guards the admin endpoints as {@code admin.access} says: anyone, clients on the gateway's own machine, or
 * requests with the admin key ({@code Authorization: Bearer <key>}, the form Prometheus can send). Refused: 403
 * in the usual JSON shape. The route table and health checks name internal addresses, and stats tell an
 * attacker what works, so a gateway in front of real services should not show them to everyone.
 */
public final class AdminAccess {
    private static final String BEARER = "Bearer ";

    private final Access access;
    /** The admin key, checked like a client's API key: by its digest, in constant time. */
    private final ApiKeys adminKey;

    public AdminAccess(AdminConfig config) {
        this.access = config.access();
        this.adminKey = new ApiKeys(access == Access.KEY ? Map.of("admin", config.apiKey()) : Map.of());
    }

    /** The endpoint, answering only those {@code admin.access} lets in. */
    public Handler guard(Handler endpoint) {
        return ctx -> {
            check(ctx);
            endpoint.handle(ctx);
        };
    }

    /**
     * For the dashboard's page itself (HTML, CSS, script: no data): guarded like the rest, except with the admin
     * key, which a browser cannot send when it opens a page; there the page asks for the key and sends it with
     * each request for data, which {@link #guard} checks.
     */
    public Handler guardPage(Handler page) {
        return access == Access.KEY ? page : guard(page);
    }

    private void check(Context ctx) {
        if (access == Access.LOOPBACK && !isLoopback(RequestFacts.of(ctx).client())) {
            throw new ForbiddenResponse("The admin endpoints answer only clients on the gateway's own machine");
        }
        if (access == Access.KEY && !hasKey(ctx.header("Authorization"))) {
            throw new ForbiddenResponse("The admin endpoints need the admin key: send Authorization: Bearer <key>");
        }
    }

    private boolean hasKey(String authorization) {
        return authorization != null && authorization.startsWith(BEARER)
                && adminKey.clientFor(authorization.substring(BEARER.length())).isPresent();
    }

    /** The client address is the peer's, or a trusted proxy's report of it: an IP literal, so no DNS lookup. */
    private static boolean isLoopback(String client) {
        try {
            return InetAddress.getByName(client).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }
}
