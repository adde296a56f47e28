package course.gateway.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdTest {
    @Test
    void generatedIdsAreVersionFourUuidsAndDoNotRepeat() {
        var seen = new HashSet<String>();
        for (int i = 0; i < 100_000; i++) {
            String id = RequestId.newId();
            UUID parsed = UUID.fromString(id);
            assertEquals(4, parsed.version(), id);
            assertEquals(2, parsed.variant(), id);
            assertTrue(seen.add(id), "repeated " + id);
        }
    }
}
