package course.gateway.auth;

import course.gateway.pipeline.Step;
import io.javalin.http.Context;
import io.javalin.http.NotImplementedResponse;

/**
 * Bonus A, API-key authentication, one step of both pipelines (plain requests and WebSocket upgrades) when
 * {@code auth.enabled} is true. Its contract:
 *
 * <ul>
 *   <li>A request whose {@code header} is missing or empty, or carries a key that belongs to no client, is refused
 *       with 401 and a {@code WWW-Authenticate} header naming the scheme and the header to use
 *       ({@code ApiKey realm="api-gateway", header="X-API-Key"}), in the gateway's usual JSON error body. It never
 *       reaches the later steps, let alone the upstream.</li>
 *   <li>A request with a client's key goes on, with the client's name (never the key) recorded in the request's
 *       {@code RequestFacts}, where the request log finds it.</li>
 *   <li>The key itself is never logged and never leaves the gateway. (The proxy and the relay already drop the
 *       header: {@code AuthConfig.strippedHeaders()}.)</li>
 * </ul>
 */
public final class ApiKeyStep implements Step {

    /**
     * @param keys   the configured keys, and the check of a presented one
     * @param header the request header that carries the key ({@code auth.header}, {@code X-API-Key} by default)
     */
    public ApiKeyStep(ApiKeys keys, String header) {
        // TODO(bonus A): keep what handle needs.
    }

    @Override
    public void handle(Context ctx, Chain next) throws Exception {
        // TODO(bonus A): let a request with a client's key go on, under that client's name; refuse every other
        //   request with 401 and WWW-Authenticate, before anything reaches the upstream. Input: the request's key
        //   header. See "The step" in exercises/steps/bonus-a-auth.md.
        throw new NotImplementedResponse("Bonus A (API keys) is not done yet: ApiKeyStep.handle."
                + " See exercises/steps/bonus-a-auth.md");
    }
}
