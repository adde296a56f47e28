package course.gateway.cache;

import course.gateway.config.CacheConfig;
import course.gateway.pipeline.CacheOutcome;
import course.gateway.pipeline.RequestFacts;
import course.gateway.pipeline.Step;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Collections;
import okhttp3.Headers;

/**
 * Step 3, the response cache: the pipeline step that answers repeats of a GET or HEAD from a stored copy, so
 * that they never reach the upstream. Its contract (exercises/steps/3-cache.md explains each point):
 *
 * <ul>
 *   <li>Every request that passes this step gets {@code X-Cache}: {@code HIT} (answered from a stored copy),
 *       {@code MISS} (looked up, not found: passed on) or {@code BYPASS} (not looked up: passed on).</li>
 *   <li>Only GET and HEAD on a route that caches are looked up: the route's TTL is in its settings (the request's
 *       facts hold the route), and is empty for a route that never caches. Everything else is a BYPASS.</li>
 *   <li>A request that asks for a fresh answer ({@link CachePolicy#mayServeFromCache}) is a BYPASS too, but its
 *       answer may still be stored, replacing the old copy.</li>
 *   <li>Two requests share a stored answer only if they have the same method, path and raw query string, and the
 *       same values of the request headers the answer varies on ({@link CachePolicy#varyMatches}).</li>
 *   <li>A HIT is written here exactly as the upstream sent it (status, headers, body), plus {@code Age}: whole
 *       seconds since it was stored, in place of any {@code Age} the upstream sent (one {@code Age}, never two).
 *       The rest of the pipeline does not run.</li>
 *   <li>On a MISS (and a BYPASS of a GET or HEAD that caches) a copy of the answer is taken while it streams to the
 *       client, without holding it back, and stored once the upstream's whole body has arrived: only if
 *       {@link CachePolicy#timeToLive} allows it, never when the upstream broke off, never when the body is larger
 *       than {@code cache.maxEntryBytes}. It is fresh for that TTL from when the upstream answered.</li>
 *   <li>Never stored either, whatever {@link CachePolicy#timeToLive} says: an answer that a replay would
 *       misrepresent. That is an event stream ({@link CachePolicy#isReplayable} says no), and an answer of unknown
 *       length still arriving {@link CachePolicy#STREAMING_AFTER} after its headers ({@link CachePolicy#isStreaming}
 *       says yes); its copy is dropped as soon as it is one, and the rest streams by.</li>
 *   <li>Time is the injected clock's, never the system's: freshness, {@code Age}, and how long an answer has been
 *       arriving.</li>
 * </ul>
 *
 * Answers are kept in the {@link ResponseCache} given to the constructor: your {@link InMemoryResponseCache} by
 * default, or a shared store with Bonus E.
 */
public final class CacheStep implements Step {
    public static final String HEADER = "X-Cache";

    private final ResponseCache cache;
    private final CacheConfig config;
    private final Clock clock;

    /** @param cache where answers are kept: {@link InMemoryResponseCache} in memory, or a shared store (Bonus E) */
    public CacheStep(CacheConfig config, ResponseCache cache, Clock clock) {
        this.cache = cache;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void handle(Context ctx, Chain next) throws Exception {
        // TODO(step 3): decide HIT, MISS or BYPASS for this request and act on it, as the class comment says: answer
        //   a hit here, or pass the request on and take a copy of the answer as it streams by (the request's facts
        //   carry a ResponseTap to Step 1's ResponseRelay, which feeds it). Until then every request passes
        //   through untouched. See exercises/steps/3-cache.md, "Designing the step".
        next.proceed();
    }

    /** How many requests were answered from the cache since start-up (for {@code /gateway/stats}). */
    public long hits() {
        // TODO(step 3): count the hits.
        return 0;
    }

    /** How many requests were looked up and not found since start-up (for {@code /gateway/stats}). */
    public long misses() {
        // TODO(step 3): count the misses.
        return 0;
    }

    /** Answers stored now (for {@code /gateway/stats}). */
    public int entries() {
        return cache.size();
    }

    /** Body bytes stored now (for {@code /gateway/stats}). */
    public long bytes() {
        return cache.totalBytes();
    }

    /**
     * Given: puts {@code outcome} in {@code X-Cache} and in the request's facts (for the log and the dashboard).
     * Call it before anything of the answer is written: a header set after that is lost.
     */
    private static void mark(Context ctx, CacheOutcome outcome) {
        RequestFacts.of(ctx).setCache(outcome);
        ctx.header(HEADER, outcome.name());
    }

    /** Given: the request's headers as OkHttp {@code Headers}, the form {@link CachePolicy} reads. */
    private static Headers requestHeaders(HttpServletRequest request) {
        var headers = new Headers.Builder();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.addUnsafeNonAscii(name, value);
            }
        }
        return headers.build();
    }
}
