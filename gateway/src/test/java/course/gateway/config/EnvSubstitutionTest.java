package course.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {
    private final EnvSubstitution env = new EnvSubstitution(Map.of("HOST", "a.internal", "EMPTY", "", "ODD", "$1\\x"));

    @Test
    void replacesEveryPlaceholderAndKeepsTheRest() {
        assertEquals("http://a.internal:8001/x", env.apply("f", "http://${HOST}:${PORT:-8001}/x"));
        assertEquals("fallback", env.apply("f", "${EMPTY:-fallback}"));
        assertEquals("", env.apply("f", "${EMPTY}"));
        assertEquals("$1\\x", env.apply("f", "${ODD}"));
        assertEquals("no placeholders $HOST {x}", env.apply("f", "no placeholders $HOST {x}"));
        assertEquals("", env.apply("f", "${UNSET:-}"));
    }

    @Test
    void anUnsetVariableWithoutDefaultIsAnError() {
        var error = assertThrows(ConfigException.class, () -> env.apply("routes[1].upstreams[0]", "${UNSET}"));
        assertEquals("routes[1].upstreams[0]: environment variable UNSET is not set and '${UNSET}' gives no default"
                + " (write ${UNSET:-value})", error.getMessage());
    }
}
