package course.gateway.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The gateway speaks HTTP/1.1 only. A client that starts HTTP/2 with prior knowledge (h2c, {@code curl
 * --http2-prior-knowledge}) sends the connection preface {@code PRI * HTTP/2.0}, which an HTTP/1.1 server reads as a
 * request line with a version it does not speak: 505 in the gateway's usual JSON error shape, with an X-Request-ID,
 * rather than Jetty's bare 426 with no body. A client that only offers an upgrade to h2c is answered over HTTP/1.1.
 */
class Http2PriorKnowledgeTest {
    private static final String PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    private static final String EMPTY_SETTINGS_FRAME = "\0\0\0\4\0\0\0\0\0";

    @AutoClose
    private final TestBed bed = new TestBed();

    @Test
    void theHttp2ConnectionPrefaceIsAnsweredWith505InTheUsualShape() throws Exception {
        for (String opening : new String[] {PREFACE, PREFACE + EMPTY_SETTINGS_FRAME}) {
            String response = RawHttp.exchange(bed.port(), opening);
            assertEquals(505, RawHttp.status(response), response);
            assertTrue(response.contains("Content-Type: application/json"), response);
            assertTrue(response.contains("X-Request-ID: "), response);
            assertTrue(response.contains("\"status\":505"), response);
            assertTrue(response.contains("This gateway speaks HTTP/1.1 only"), response);
        }
    }

    @Test
    void anOfferToUpgradeToH2cIsAnsweredOverHttp11() throws Exception {
        String response = RawHttp.firstResponse(bed.port(), "GET /service-a/items/1 HTTP/1.1\r\nHost: gateway\r\n"
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.contains("\"id\":1"), response);
    }
}
