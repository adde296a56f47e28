package course.gateway.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import course.gateway.support.FakeUpstream;
import course.gateway.support.RawHttp;
import course.gateway.support.TestBed;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bytes outside ASCII in the path, the query and header values (non-UTF-8 bytes). UTF-8 passes through
 * byte for byte, in request and response headers alike; bytes that are not UTF-8 are refused with 400 rather than
 * silently turned into other bytes. Requests are written as ISO-8859-1, so each char below is one byte on the wire.
 */
class EncodingTest {
    /** "é" in UTF-8 (two bytes), as the chars of its bytes. */
    private static final String E_ACUTE_UTF8 = "\u00c3\u00a9";
    private static FakeUpstream upstream;
    private static TestBed bed;

    @BeforeAll
    static void start() throws IOException {
        upstream = FakeUpstream.answering("HTTP/1.1 200 OK\r\nX-Reply: caf" + E_ACUTE_UTF8 + "\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nok");
        bed = new TestBed("""
                {"server": {"port": 0}, "rateLimit": {"enabled": false}, "cache": {"enabled": false},
                 "routes": [{"name": "up", "prefix": "/up", "upstreams": ["%s"]}]}
                """.formatted(upstream.url()));
    }

    @AfterAll
    static void stop() throws IOException {
        bed.close();
        upstream.close();
    }

    private static String get(String target, String headers) throws IOException {
        return RawHttp.exchange(bed.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + headers
                + "Connection: close\r\n\r\n");
    }

    private static String forwardedHead() throws InterruptedException {
        return upstream.received.poll(5, TimeUnit.SECONDS).head();
    }

    private static void assertRefused(String target, String headers) throws Exception {
        upstream.received.clear();
        String response = get(target, headers);
        assertEquals(400, RawHttp.status(response), response);
        assertTrue(response.contains("\"status\":400"), response);
        assertTrue(upstream.received.isEmpty(), "never forwarded");
    }

    @Test
    void pathsWithBytesThatAreNotUtf8Are400() throws Exception {
        assertRefused("/up/caf\u00e9", "");      // a raw Latin-1 byte
        assertRefused("/up/caf%E9", "");         // the same byte, percent-encoded
        assertRefused("/up/%C3%28", "");         // a broken UTF-8 sequence
    }

    @Test
    void anEncodedQueryIsForwardedAsItCameWhateverItsBytesDecodeTo() throws Exception {
        upstream.received.clear();
        assertEquals(200, RawHttp.status(get("/up/x?q=%FF%FE&r=caf%C3%A9", "")));
        assertTrue(forwardedHead().startsWith("GET /x?q=%FF%FE&r=caf%C3%A9 HTTP/1.1"));
    }

    @Test
    void aQueryWithRawBytesThatAreNotUtf8Is400() throws Exception {
        assertRefused("/up/x?q=caf\u00e9", "");
    }

    @Test
    void utf8HeaderValuesPassByteForByteBothWays() throws Exception {
        upstream.received.clear();
        String response = get("/up/x", "X-Name: caf" + E_ACUTE_UTF8 + "\r\n");
        assertEquals(200, RawHttp.status(response));
        assertTrue(forwardedHead().contains("X-Name: caf" + E_ACUTE_UTF8), "request header bytes unchanged");
        assertTrue(response.contains("X-Reply: caf" + E_ACUTE_UTF8), "response header bytes unchanged: " + response);
    }

    @Test
    void headerValuesWithBytesThatAreNotUtf8Are400() throws Exception {
        assertRefused("/up/x", "X-Name: caf\u00e9\r\n");
    }
}
