package course.gateway.cache;

import course.gateway.config.CacheConfig;
import course.gateway.pipeline.CacheOutcome;
import course.gateway.pipeline.RequestFacts;
import course.gateway.pipeline.ResponseTap;
import course.gateway.pipeline.Step;
import course.gateway.routing.ResponseRelay;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Headers;

/**
 * Step 3, the response cache. GET and HEAD answers are kept, keyed by method, path and raw query, for the TTL;
 * a repeat within it is answered here ({@code X-Cache: HIT}, with {@code Age}) and never reaches the upstream.
 * Other requests pass with {@code X-Cache: MISS} (looked up, not found) or {@code BYPASS} (not cacheable).
 * What may be stored is {@link CachePolicy}'s call; the copy is taken while the answer streams to the client.
 */
public final class CacheStep implements Step {
    public static final String HEADER = "X-Cache";

    private final ResponseCache cache;
    private final CacheConfig config;
    private final Clock clock;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    /** @param cache where answers are kept: {@link InMemoryResponseCache} in memory, or a shared store (Bonus E) */
    public CacheStep(CacheConfig config, ResponseCache cache, Clock clock) {
        this.cache = cache;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void handle(Context ctx, Chain next) throws Exception {
        RequestFacts facts = RequestFacts.of(ctx);
        Optional<Duration> ttl = facts.route().settings().cacheTtl();
        if (ttl.isEmpty() || !CachePolicy.isCacheableMethod(ctx.method().name())) {
            mark(ctx, CacheOutcome.BYPASS);
            next.proceed();
            return;
        }
        Headers request = requestHeaders(ctx.req());
        String key = ctx.method().name() + " " + ctx.req().getRequestURI()
                + (ctx.req().getQueryString() == null ? "" : "?" + ctx.req().getQueryString());
        if (CachePolicy.mayServeFromCache(request)) {
            CachedResponse hit = cache.get(key, clock.millis());
            if (hit != null && CachePolicy.varyMatches(hit.varyValues(), request::get)) {
                hits.incrementAndGet();
                mark(ctx, CacheOutcome.HIT);
                serve(ctx, hit);
                return;
            }
            misses.incrementAndGet();
            mark(ctx, CacheOutcome.MISS);
        } else {
            mark(ctx, CacheOutcome.BYPASS);
        }
        facts.setResponseTap(new Recorder(key, request, ttl.get()));
        next.proceed();
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    public int entries() {
        return cache.size();
    }

    /** Body bytes stored now (at most {@code cache.maxTotalBytes}). */
    public long bytes() {
        return cache.totalBytes();
    }

    private static void mark(Context ctx, CacheOutcome outcome) {
        RequestFacts.of(ctx).setCache(outcome);
        ctx.header(HEADER, outcome.name());
    }

    private void serve(Context ctx, CachedResponse hit) throws IOException {
        var response = ctx.res();
        ResponseRelay.writeStatusAndHeaders(hit.status(), hit.headers(), response);
        response.setHeader("Age", String.valueOf(Math.max(0, clock.millis() - hit.storedAtMillis()) / 1000));
        response.getOutputStream().write(hit.body());
        response.flushBuffer();
    }

    private static Headers requestHeaders(HttpServletRequest request) {
        var headers = new Headers.Builder();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.addUnsafeNonAscii(name, value);
            }
        }
        return headers.build();
    }

    /**
     * Keeps a copy of one answer while it streams, and stores it if it was complete, storable, small enough and not a
     * stream still arriving after {@link CachePolicy#STREAMING_AFTER} (the copy is dropped as soon as it is one).
     */
    private final class Recorder implements ResponseTap {
        private final String key;
        private final Headers request;
        private final Duration configuredTtl;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status;
        private Headers headers;
        private Duration ttl;
        private long receivedAtMillis;

        Recorder(String key, Headers request, Duration configuredTtl) {
            this.key = key;
            this.request = request;
            this.configuredTtl = configuredTtl;
        }

        @Override
        public void onHeaders(int status, Headers headers) {
            this.status = status;
            this.headers = headers;
            this.receivedAtMillis = clock.millis(); // an answer's age counts from when the upstream gave it
            this.ttl = CachePolicy.isReplayable(headers)
                    ? CachePolicy.timeToLive(status, headers, request, configuredTtl).orElse(null) : null;
            String length = headers.get("Content-Length");
            if (ttl != null && length != null && length.matches("\\d{1,18}")
                    && Long.parseLong(length) > config.maxEntryBytes()) {
                ttl = null; // too big to keep: let it stream through without copying
            }
        }

        @Override
        public void onBody(byte[] buffer, int offset, int length) {
            if (ttl == null) {
                return;
            }
            if (body.size() + length > config.maxEntryBytes() || streaming()) {
                ttl = null;
                body.reset();
                return;
            }
            body.write(buffer, offset, length);
        }

        private boolean streaming() {
            return CachePolicy.isStreaming(headers, Duration.ofMillis(clock.millis() - receivedAtMillis));
        }

        @Override
        public void onComplete() {
            if (ttl != null && !streaming()) {
                cache.put(key, new CachedResponse(status, headers, body.toByteArray(), receivedAtMillis,
                        receivedAtMillis + ttl.toMillis(), CachePolicy.varyValues(headers, request::get)));
            }
        }
    }
}
