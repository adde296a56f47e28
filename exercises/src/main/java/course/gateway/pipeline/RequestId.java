package course.gateway.pipeline;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id that ties a request's log line, its error body and the upstream's logs together. A client's own
 * {@code X-Request-ID} is kept when it is a sane token; otherwise (absent, too long, odd characters that could
 * forge log lines) the gateway makes a new one.
 */
public final class RequestId {
    public static final String HEADER = "X-Request-ID";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    private RequestId() {}

    /** The id for a request that sent {@code incoming} as its X-Request-ID (null if none). */
    static String pick(String incoming) {
        return incoming != null && SANE.matcher(incoming).matches() ? incoming : newId();
    }

    /**
     * A random (version 4) UUID. A request id must be unique, not unguessable, so ThreadLocalRandom serves: unlike
     * UUID.randomUUID's SecureRandom it takes no lock shared by every request thread.
     */
    static String newId() {
        var random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;                    // version 4
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(high, low).toString();
    }

    /** The id of this request, or "-" for one Jetty answered before the pipeline ran. */
    public static String of(Context ctx) {
        return RequestFacts.find(ctx).map(RequestFacts::requestId).orElse("-");
    }
}
