package course.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.javalin.http.BadRequestResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathSafetyTest {
    @ParameterizedTest
    @ValueSource(strings = {"/a/../b", "/a/..", "/a/./b", "/a/%2e%2e/b", "/a/%2E./b", "/a/..%2fb", "/a%2Fb",
        "/a/%5c", "/a\\b", "/a/%252e%252e/b", "/a/%00", "/a/%0d%0a", "/a/%7f", "/a/\u0001"})
    void rejectsPathsThatCouldEscapeOrConfuse(String path) {
        var rejected = assertThrows(BadRequestResponse.class, () -> PathSafety.check(path));
        assertEquals(400, rejected.getStatus());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a/b", "/a/b/", "/a/..b", "/a/b..", "/a/.hidden", "/a%20b", "/%E2%9C%93"})
    void acceptsOrdinaryPaths(String path) {
        assertDoesNotThrow(() -> PathSafety.check(path));
    }
}
