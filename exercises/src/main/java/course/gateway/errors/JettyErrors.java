package course.gateway.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.gateway.errors.ErrorResponses.ErrorBody;
import course.gateway.pipeline.RequestId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers before a request reaches the gateway's code (a malformed request line, headers too
 * large, an ambiguous path) get the same JSON shape as the gateway's own, instead of Jetty's HTML page. The HTTP/2
 * connection preface ({@code PRI * HTTP/2.0}, what {@code curl --http2-prior-knowledge} sends) gets 505: the
 * gateway speaks HTTP/1.1 only. (Jetty answered it with a bare 426 and no body, which names no protocol to upgrade
 * to and so says nothing.)
 */
public final class JettyErrors extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String HTTP2_REFUSED = "This gateway speaks HTTP/1.1 only: send the request over HTTP/1.1, or put"
            + " a proxy that speaks HTTP/2 (nginx, Envoy) in front of it";

    @Override
    public boolean errorPageForMethod(String method) {
        return super.errorPageForMethod(method) || "PRI".equals(method);
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        if (status == HttpStatus.UPGRADE_REQUIRED_426 && "PRI".equals(request.getMethod())) {
            status = HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505;
            message = HTTP2_REFUSED;
            response.setStatus(status);
        }
        String id = UUID.randomUUID().toString();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(RequestId.HEADER, id);
        response.write(true, ByteBuffer.wrap(body(status, message, id)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status, reason, null));
    }

    private static byte[] body(int status, String message, String requestId) {
        String reason = HttpStatus.getMessage(status);
        var error = new ErrorBody(status, reason, message == null || message.isBlank() ? reason : message, requestId);
        try {
            return JSON.writeValueAsString(error).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
