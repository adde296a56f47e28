package course.servicea;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.util.HexFormat;
import java.util.Random;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServiceATest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static ServiceA service;

    @BeforeAll
    static void start() {
        service = ServiceA.start("127.0.0.1", 0, "service-a");
    }

    @AfterAll
    static void stop() {
        service.stop();
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + service.port() + path;
    }

    private static JsonNode getJson(String path) throws IOException {
        try (Response response = HTTP.newCall(new Request.Builder().url(url(path)).build()).execute()) {
            assertEquals(200, response.code(), path);
            assertEquals("application/json", response.header("Content-Type"));
            return JSON.readTree(response.body().string());
        }
    }

    @Test
    void itemsCarryTheirIdAndUsersAreAList() throws IOException {
        JsonNode item = getJson("/items/42");
        assertEquals(42, item.get("id").asInt());
        assertEquals("Item 42", item.get("name").asText());
        assertTrue(getJson("/users").isArray());
        assertEquals("ok", getJson("/health").get("status").asText());
    }

    @Test
    void badItemIdIsA400WithAMessage() throws IOException {
        try (Response response = HTTP.newCall(new Request.Builder().url(url("/items/abc")).build()).execute()) {
            assertEquals(400, response.code());
            assertTrue(response.body().string().contains("positive whole number"));
        }
    }

    @Test
    void everyResponseCarriesAGrowingRequestCounter() throws IOException {
        long first;
        try (Response response = HTTP.newCall(new Request.Builder().url(url("/users")).build()).execute()) {
            first = Long.parseLong(response.header(ServiceA.COUNTER_HEADER));
            assertEquals("service-a", response.header(ServiceA.SERVED_BY_HEADER));
        }
        try (Response response = HTTP.newCall(new Request.Builder().url(url("/nope")).build()).execute()) {
            assertTrue(Long.parseLong(response.header(ServiceA.COUNTER_HEADER)) > first);
        }
        assertTrue(service.requestCount() > first);
    }

    @Test
    void echoReturnsTheBodyByteIdenticalWithItsContentType() throws IOException {
        byte[] body = new byte[300_000];
        new Random(7).nextBytes(body);
        for (String method : new String[] {"POST", "PUT", "PATCH"}) {
            var request = new Request.Builder().url(url("/echo"))
                    .method(method, RequestBody.create(body, MediaType.get("application/x-test"))).build();
            try (Response response = HTTP.newCall(request).execute()) {
                assertEquals(200, response.code());
                assertEquals("application/x-test", response.header("Content-Type"));
                assertArrayEquals(body, response.body().bytes(), method);
            }
        }
    }

    @Test
    void getEchoDescribesMethodPathRawQueryAndHeaders() throws IOException {
        var request = new Request.Builder().url(url("/echo?q=a%20b&x=%2F")).header("X-Demo", "yes").build();
        try (Response response = HTTP.newCall(request).execute()) {
            JsonNode seen = JSON.readTree(response.body().string());
            assertEquals("GET", seen.get("method").asText());
            assertEquals("/echo", seen.get("path").asText());
            assertEquals("q=a%20b&x=%2F", seen.get("query").asText());
            assertEquals("yes", seen.get("headers").get("X-Demo").get(0).asText());
        }
    }

    @Test
    void bytesAreSeededAndStreamedWithALength() throws Exception {
        try (Response response = HTTP.newCall(new Request.Builder().url(url("/bytes/200000?seed=9")).build())
                .execute()) {
            assertEquals("200000", response.header("Content-Length"));
            assertArrayEquals(SeededBytes.stream(9, 200_000).readAllBytes(), response.body().bytes());
        }
        assertTrue(!java.util.Arrays.equals(SeededBytes.stream(9, 100).readAllBytes(),
                SeededBytes.stream(10, 100).readAllBytes()));
    }

    @Test
    void inspectReportsSizeAndDigestOfTheBody() throws Exception {
        byte[] body = SeededBytes.stream(3, 1_000_000).readAllBytes();
        var request = new Request.Builder().url(url("/inspect/deep/path?k=v"))
                .delete(RequestBody.create(body, null)).build();
        try (Response response = HTTP.newCall(request).execute()) {
            JsonNode seen = JSON.readTree(response.body().string());
            assertEquals("DELETE", seen.get("method").asText());
            assertEquals("/inspect/deep/path", seen.get("path").asText());
            assertEquals(1_000_000, seen.get("bodyBytes").asLong());
            assertEquals(sha256(SeededBytes.stream(3, 1_000_000)), seen.get("bodySha256").asText());
        }
    }

    @Test
    void statusAnswersTheRequestedCodeAndRejectsNonsense() throws IOException {
        try (Response response = HTTP.newCall(new Request.Builder().url(url("/status/503")).build()).execute()) {
            assertEquals(503, response.code());
        }
        try (Response response = HTTP.newCall(new Request.Builder().url(url("/status/42")).build()).execute()) {
            assertEquals(400, response.code());
        }
        try (Response response = HTTP.newCall(new Request.Builder().url(url("/slow?ms=-1")).build()).execute()) {
            assertEquals(400, response.code());
        }
    }

    @Test
    void slowWaitsBeforeAnswering() throws IOException {
        try (Response response = HTTP.newCall(new Request.Builder().url(url("/slow?ms=50")).build()).execute()) {
            assertEquals(200, response.code());
            assertTrue(response.receivedResponseAtMillis() - response.sentRequestAtMillis() >= 50);
            assertNull(response.header("X-Cache"));
        }
    }

    static String sha256(InputStream in) throws IOException {
        var digest = new DigestInputStream(in, Echo.sha256());
        digest.transferTo(java.io.OutputStream.nullOutputStream());
        return HexFormat.of().formatHex(digest.getMessageDigest().digest());
    }
}
