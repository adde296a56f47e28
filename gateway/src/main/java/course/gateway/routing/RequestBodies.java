package course.gateway.routing;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.http.NotImplementedResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import okhttp3.RequestBody;

/** Decides what body, if any, goes upstream with a client's request, and refuses bodies the gateway cannot pass on. */
final class RequestBodies {
    private RequestBodies() {}

    /**
     * The body to send upstream: the client's, streamed ({@link StreamingRequestBody}); an empty one where the
     * method needs a body; or null for none. Make it once per request: a streamed body can be read only once.
     * Refuses (413) a body whose Content-Length is over {@code maxBytes} (a chunked one is cut off while
     * streaming), (400) a GET or HEAD with a body, and (501) a transfer coding other than chunked.
     */
    static RequestBody of(HttpServletRequest client, long maxBytes) throws IOException {
        String transferEncoding = client.getHeader("Transfer-Encoding");
        if (transferEncoding != null && !transferEncoding.trim().equalsIgnoreCase("chunked")) {
            // Jetty undoes the chunking but not a coding such as gzip under it, and the upstream would get
            // compressed bytes with nothing to say so. RFC 9112 section 6.1: a coding the server lacks is a 501.
            throw new NotImplementedResponse("Only the chunked transfer coding is supported");
        }
        String method = client.getMethod();
        long length = client.getContentLengthLong();
        if (length > maxBytes) {
            throw new ContentTooLargeResponse("The request body is " + length + " bytes; the limit is " + maxBytes);
        }
        boolean hasBody = length > 0 || transferEncoding != null;
        boolean mayHaveBody = !method.equals("GET") && !method.equals("HEAD");
        if (!mayHaveBody) {
            if (hasBody) {
                // Dropping it silently would lose data; OkHttp (like many servers) cannot send it.
                throw new BadRequestResponse(method + " requests with a body are not forwarded");
            }
            return null;
        }
        if (hasBody) {
            return new StreamingRequestBody(client.getInputStream(), length, maxBytes);
        }
        boolean requiresBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        return requiresBody ? RequestBody.create(new byte[0]) : null;
    }
}
