package course.gateway.routing;

import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import okhttp3.Headers;
import okhttp3.Response;

/**
 * Copies the upstream's response to the client: status, end-to-end headers (plus Via), then the body as it
 * arrives, never held whole in memory, so that large and slow answers flow through.
 */
public final class ResponseRelay {
    private ResponseRelay() {}

    /**
     * Relays the upstream's answer to the client: status and headers, then the body, streamed.
     *
     * @param upstreamDone to run once the upstream's whole body has arrived; {@link ObservedBody} runs it at the
     *                     right moment if you read the body through it
     * @throws IOException when the upstream breaks off while sending the body (the caller decides what the
     *                     client gets); a client that hangs up is not an error
     */
    static void relay(Response upstream, Context ctx, Runnable upstreamDone) throws IOException {
        // TODO(step 1): first record in the request's facts that the response has started (after that, a failure
        //   must cut the connection rather than send an error). Then the status and headers, then the body: read
        //   it through ObservedBody (which also feeds Step 3's cache and runs upstreamDone) and pass each piece
        //   on as it arrives. Memory use must not grow with the body's size, and a slow stream must reach the
        //   client as it comes. A write that fails means the client hung up: stop quietly. A read that fails
        //   means the upstream broke off: let the IOException out. Guide: "Streaming the answer".
        throw new io.javalin.http.NotImplementedResponse("Step 1 (routing) is not done yet: ResponseRelay.relay."
                + " See exercises/steps/1-routing.md");
    }

    /**
     * Puts an upstream's status and end-to-end headers on the client's response, plus Via. Step 3's cache uses it
     * too, to answer from a stored response exactly as the upstream would have.
     */
    public static void writeStatusAndHeaders(int status, Headers upstream, HttpServletResponse client) {
        // TODO(step 1): the status, then every value of every upstream header (in order; the first value of a
        //   name replaces whatever the server put there by default), except the hop-by-hop ones and the
        //   upstream's copies of headers this gateway sets itself (Via, X-Request-ID, X-Cache, RateLimit-Limit,
        //   RateLimit-Remaining, RateLimit-Reset). An upstream without Content-Type means none to the client.
        //   Last, Via: the upstream's (all its lines, as one list), with "1.1 api-gateway" appended.
        //   Guide: "Header hygiene".
        throw new io.javalin.http.NotImplementedResponse("Step 1 (routing) is not done yet:"
                + " ResponseRelay.writeStatusAndHeaders. See exercises/steps/1-routing.md");
    }
}
