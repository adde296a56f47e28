package course.servicea;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Handlers that show a student exactly what arrived at the service. */
final class Echo {
    private Echo() {}

    /** {@code GET /echo} and {@code GET /headers}: the method, path, raw query and headers received, as JSON. */
    static void describeRequest(Context ctx) {
        ctx.json(new RequestSeen(ctx.method().name(), ctx.req().getRequestURI(), ctx.req().getQueryString(),
                headers(ctx), null, null));
    }

    /**
     * {@code POST|PUT|PATCH /echo}: streams the request body back byte for byte, with the same content type
     * and, when the client sent one, the same Content-Length. Nothing is held in memory.
     */
    static void echoBody(Context ctx) throws IOException {
        var request = ctx.req();
        var response = ctx.res();
        response.setStatus(200);
        response.setContentType(request.getContentType());
        long length = request.getContentLengthLong();
        if (length >= 0) {
            response.setContentLengthLong(length);
        }
        try (InputStream body = request.getInputStream()) {
            body.transferTo(response.getOutputStream());
        }
    }

    /**
     * {@code ANY /inspect}: reads the whole body as a stream and answers with its size and SHA-256, plus what
     * {@code /echo} shows. Used to check that large uploads arrive intact without echoing them back.
     */
    static void inspect(Context ctx) throws IOException {
        MessageDigest sha256 = sha256();
        long size = 0;
        try (InputStream body = new DigestInputStream(ctx.req().getInputStream(), sha256)) {
            byte[] buffer = new byte[64 * 1024];
            for (int read; (read = body.read(buffer)) != -1; ) {
                size += read;
            }
        }
        ctx.json(new RequestSeen(ctx.method().name(), ctx.req().getRequestURI(), ctx.req().getQueryString(),
                headers(ctx), size, HexFormat.of().formatHex(sha256.digest())));
    }

    private static Map<String, List<String>> headers(Context ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(ctx.req().getHeaders(name))));
        }
        return headers;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK ships SHA-256", impossible);
        }
    }

    /** What the service saw of a request; body fields are null when the body was not read. */
    record RequestSeen(String method, String path, String query, Map<String, List<String>> headers,
                       Long bodyBytes, String bodySha256) {}
}
