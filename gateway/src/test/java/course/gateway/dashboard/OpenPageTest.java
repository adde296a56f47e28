package course.gateway.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import course.testkit.MutableClock;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A page that falls behind loses feed entries, counted, and never makes the gateway hold more than its buffer. */
class OpenPageTest {
    @Test
    void aPageFarBehindGetsTheFirstEntriesAndTheCountOfTheRest() throws Exception {
        var traffic = new Traffic(new MutableClock());
        var page = new OpenPage(() -> new Overview("t", List.of(), Map.of(), List.of(), List.of(), null), traffic);
        var entry = new FeedEntry("t", "GET", "/a", 200, 1.0, "127.0.0.1", "id", "a", "a", "proxy", "routed to a",
                null);
        int offered = OpenPage.FEED_BUFFER + 123;
        for (int i = 0; i < offered; i++) {
            page.offer(entry);
        }
        // A stream that the page closes after its first round, as a page going away would.
        var written = new ByteArrayOutputStream() {
            @Override
            public void flush() {
                page.close();
            }
        };
        page.stream(written);

        String text = written.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("event: requests\ndata: "), text.substring(0, 40));
        JsonNode batch = new ObjectMapper().readTree(text.lines().skip(1).findFirst().orElseThrow().substring(6));
        assertEquals(OpenPage.FEED_BUFFER, batch.get("entries").size());
        assertEquals(123, batch.get("dropped").asLong());
        assertTrue(text.contains("event: overview\n"), "the overview follows in the same round");
        assertEquals(0, traffic.openPages(), "a closed page no longer follows the traffic");
    }
}
