package course.gateway.auth;

import course.gateway.pipeline.RequestFacts;
import course.gateway.pipeline.Step;
import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;

/**
 * Bonus A, API-key authentication: a request without a valid key in the configured header gets 401 with
 * {@code WWW-Authenticate} and never reaches the upstream. The key is never logged, and the proxy strips the
 * header before the request goes upstream. The client's name is recorded in the request's facts for the log.
 */
public final class ApiKeyStep implements Step {
    private final ApiKeys keys;
    private final String header;

    public ApiKeyStep(ApiKeys keys, String header) {
        this.keys = keys;
        this.header = header;
    }

    @Override
    public void handle(Context ctx, Chain next) throws Exception {
        String presented = ctx.header(header);
        if (presented == null || presented.isEmpty()) {
            throw unauthorized(ctx, "Missing API key: send it in the " + header + " header");
        }
        String client = keys.clientFor(presented).orElseThrow(() -> unauthorized(ctx, "Invalid API key"));
        RequestFacts.of(ctx).setApiClient(client);
        next.proceed();
    }

    private UnauthorizedResponse unauthorized(Context ctx, String message) {
        ctx.header("WWW-Authenticate", "ApiKey realm=\"api-gateway\", header=\"" + header + "\"");
        return new UnauthorizedResponse(message);
    }
}
