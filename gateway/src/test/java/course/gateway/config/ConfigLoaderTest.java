package course.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final Map<String, String> NO_ENV = Map.of();

    private static String failure(String json, Map<String, String> env) {
        var error = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json, "config.json", env));
        assertFalse(error.getMessage().contains("\n"), "one line: " + error.getMessage());
        assertTrue(error.getMessage().startsWith("config.json: "), error.getMessage());
        return error.getMessage();
    }

    private static String failure(String json) {
        return failure(json, NO_ENV);
    }

    private static String oneRoute(String fields) {
        return "{\"routes\": [{\"name\": \"a\", \"prefix\": \"/a\", \"upstreams\": [\"http://h:1\"]" + fields + "}]}";
    }

    @Test
    void theShippedConfigLoadsWithItsDefaults() {
        GatewayConfig config = ConfigLoader.load(Path.of("../config.json"), NO_ENV);
        assertEquals(8000, config.server().port());
        assertEquals("127.0.0.1", config.server().host());
        assertEquals(List.of("/service-a", "/service-b"), config.routes().stream().map(RouteConfig::prefix).toList());
        assertEquals(List.of("http://localhost:8001"), config.routes().get(0).upstreams());
    }

    @Test
    void environmentVariablesOverrideDefaults() {
        var env = Map.of("SERVICE_A_URL", "http://a.internal:9001", "GATEWAY_PORT", "9000", "SERVICE_B_URL", "");
        GatewayConfig config = ConfigLoader.load(Path.of("../config.json"), env);
        assertEquals(9000, config.server().port());
        assertEquals(List.of("http://a.internal:9001"), config.routes().get(0).upstreams());
        // An empty variable counts as unset when a default is given, as in a shell.
        assertEquals(List.of("http://localhost:8002"), config.routes().get(1).upstreams());
    }

    @Test
    void defaultsFillMissingFields() {
        GatewayConfig config = ConfigLoader.parse(oneRoute(""), "config.json", NO_ENV);
        RouteConfig route = config.routes().get(0);
        assertEquals(10_000, route.timeoutMs());
        assertTrue(route.stripPrefix());
        assertEquals("/health", route.healthPath());
        assertEquals(400, config.server().maxThreads());
        assertEquals(30_000, config.server().idleTimeoutMs());
        assertEquals(10_000, config.server().requestHeadTimeoutMs());
    }

    @Test
    void missingVariableWithoutDefaultNamesFieldAndVariable() {
        String message = failure(oneRoute(", \"healthPath\": \"${NOPE_NOT_SET}\""));
        assertTrue(message.contains("routes[0].healthPath"), message);
        assertTrue(message.contains("NOPE_NOT_SET"), message);
    }

    @Test
    void invalidJsonNamesLineAndColumn() {
        String message = failure("{\n  \"routes\": [\n    {,}\n]}");
        assertTrue(message.contains("invalid JSON at line 3"), message);
    }

    @Test
    void unknownKeyIsNamedWithItsPlace() {
        String message = failure(oneRoute(", \"timeout\": 5"));
        assertTrue(message.contains("unknown key 'timeout' in routes[0]"), message);
        assertTrue(message.contains("timeoutMs"), "lists the known keys: " + message);
        assertTrue(failure("{\"sever\": {}}").contains("unknown key 'sever' in the top level"));
    }

    @Test
    void badUrlNamesFieldAndValue() {
        String message = failure("{\"routes\": [{\"name\": \"a\", \"prefix\": \"/a\", \"upstreams\": [\"htp:/x\"]}]}");
        assertTrue(message.contains("routes[0]"), message);
        assertTrue(message.contains("upstreams[0]"), message);
        assertTrue(message.contains("'htp:/x'"), message);
    }

    @Test
    void negativeOrZeroLimitsNameFieldAndValue() {
        String message = failure(oneRoute(", \"timeoutMs\": -5"));
        assertTrue(message.contains("routes[0]: timeoutMs must be from 1"), message);
        assertTrue(message.contains("got -5"), message);
        assertTrue(failure("{\"server\": {\"port\": 70000}}").contains("port must be from 0 to 65535, got 70000"));
    }

    @Test
    void wrongTypesAreNamed() {
        String message = failure("{\"server\": {\"port\": \"eighty\"}}");
        assertTrue(message.contains("server.port: expected a whole number, got 'eighty'"), message);
        assertTrue(failure("{\"routes\": {}}").contains("routes"));
    }

    @Test
    void routeTablesThatCannotWorkAreRejected() {
        String twice = "{\"routes\": [{\"name\": \"a\", \"prefix\": \"/a\", \"upstreams\": [\"http://h:1\"]},"
                + "{\"name\": \"b\", \"prefix\": \"/a\", \"upstreams\": [\"http://h:2\"]}]}";
        assertTrue(failure(twice).contains("two routes use the prefix '/a'"));
        assertTrue(failure("{\"routes\": [{\"name\": \"g\", \"prefix\": \"/gateway\", \"upstreams\": [\"http://h:1\"]}]}")
                .contains("reserved"));
        assertTrue(failure("{\"routes\": [{\"name\": \"g\", \"prefix\": \"/x/\", \"upstreams\": [\"http://h:1\"]}]}")
                .contains("prefix must look like /service-a"));
        assertTrue(failure("{\"routes\": [{\"name\": \"g\", \"prefix\": \"/x\", \"upstreams\": []}]}")
                .contains("upstreams must list at least one URL"));
        String message = failure("{\"server\": {\"maxThreads\": 100}, \"routes\": [{\"name\": \"a\", \"prefix\": \"/a\","
                + " \"upstreams\": [\"http://h:1\"], \"maxConcurrentRequests\": 100}]}");
        assertTrue(message.contains("a.maxConcurrentRequests must be less than server.maxThreads (100)"), message);
    }

    @Test
    void theStoreIsCheckedBeforeAnythingConnects() {
        assertTrue(failure("{\"store\": {\"type\": \"mongo\"}}")
                .contains("store: type must be \"memory\" or \"redis\", got 'mongo'"));
        assertTrue(failure("{\"store\": {\"onFailure\": \"maybe\"}}").contains("onFailure must be"));
        String badUrl = failure("{\"store\": {\"type\": \"redis\", \"url\": \"http://user:secret@h\"}}");
        assertTrue(badUrl.contains("url must look like redis://127.0.0.1:6379"), badUrl);
        assertFalse(badUrl.contains("secret"), "a password in the URL is never printed: " + badUrl);
        String tooBig = failure("{\"store\": {\"type\": \"redis\"}, \"rateLimit\": {\"limit\": 1000000000,"
                + " \"windowSeconds\": 86400}, \"routes\": [{\"name\": \"a\", \"prefix\": \"/a\","
                + " \"upstreams\": [\"http://h:1\"]}]}");
        assertTrue(tooBig.contains("limit x windowSeconds must stay under"), tooBig);
    }

    @Test
    void aChoiceIsReadOnlyAsConfigJsonSpellsIt() {
        GatewayConfig config = ConfigLoader.parse("{\"store\": {\"type\": \"redis\", \"onFailure\": \"closed\"},"
                + " \"admin\": {\"access\": \"loopback\"}}", "config.json", NO_ENV);
        assertEquals(StoreConfig.Type.REDIS, config.store().type());
        assertEquals(StoreConfig.OnFailure.CLOSED, config.store().onFailure());
        assertEquals(AdminConfig.Access.LOOPBACK, config.admin().access());
        // Another case, a number (an enum's index to Jackson) or an empty value is no choice at all.
        assertTrue(failure("{\"store\": {\"type\": \"Redis\"}}")
                .endsWith("store: type must be \"memory\" or \"redis\", got 'Redis'"));
        assertTrue(failure("{\"store\": {\"onFailure\": 1}}")
                .endsWith("store: onFailure must be \"open\" or \"closed\", got '1'"));
        assertTrue(failure("{\"admin\": {\"access\": \"${ADMIN_ACCESS:-}\"}}")
                .endsWith("admin: access must be \"any\", \"loopback\" or \"key\", got ''"));
        assertTrue(failure("{\"admin\": {\"access\": true}}")
                .endsWith("admin: access must be \"any\", \"loopback\" or \"key\""));
    }

    @Test
    void missingFileSaysHowToPointAtOne() {
        var error = assertThrows(ConfigException.class, () -> ConfigLoader.load(Path.of("no/such.json"), NO_ENV));
        assertTrue(error.getMessage().contains("--config"), error.getMessage());
    }

    @Test
    void theShippedConfigSwitchesTheStepsAsDocumented() {
        GatewayConfig config = ConfigLoader.load(Path.of("../config.json"), NO_ENV);
        assertTrue(config.rateLimit().enabled());
        assertEquals(10, config.rateLimit().limit());
        assertEquals(60, config.rateLimit().windowSeconds());
        assertTrue(config.cache().enabled());
        assertEquals(30, config.cache().ttlSeconds());
        assertTrue(config.websocket().enabled());
        assertFalse(config.auth().enabled(), "auth is off until GATEWAY_AUTH_ENABLED=true");
        assertTrue(config.breaker().enabled());
        assertTrue(config.cors().allowedOrigins().isEmpty(), "CORS is closed until configured");
        assertTrue(config.logging().enabled());
        assertEquals(StoreConfig.Type.MEMORY, config.store().type(),
                "one process keeps its own limits and cache by default");
    }

    @Test
    void authIsSwitchedOnFromTheEnvironmentAndItsKeyIsNeverPrinted() {
        var env = Map.of("GATEWAY_AUTH_ENABLED", "true", "GATEWAY_API_KEY", "a-long-enough-secret-key");
        GatewayConfig config = ConfigLoader.load(Path.of("../config.json"), env);
        assertTrue(config.auth().enabled());
        assertEquals("a-long-enough-secret-key", config.auth().keys().get("student"));
        var error = assertThrows(ConfigException.class, () -> ConfigLoader.load(Path.of("../config.json"),
                Map.of("GATEWAY_AUTH_ENABLED", "true", "GATEWAY_API_KEY", "short-secret")));
        assertTrue(error.getMessage().contains("auth: keys.student must be at least 16 characters, got 12"),
                error.getMessage());
        assertFalse(error.getMessage().contains("short-secret"), "the key itself must not be printed");
    }

    @Test
    void stepSectionsAreValidatedWithTheirFieldNamed() {
        assertTrue(failure("{\"rateLimit\": {\"limit\": 0}}").contains("rateLimit: limit must be from 1"));
        assertTrue(failure("{\"rateLimit\": {\"trustedProxies\": [\"proxy.internal\"]}}")
                .contains("trustedProxies[0] must be an IP address or CIDR range such as 10.0.0.0/8, got 'proxy.internal'"));
        assertTrue(failure("{\"rateLimit\": {\"trustedProxies\": [\"10.0.0.0/33\"]}}").contains("10.0.0.0/33"));
        assertTrue(failure("{\"cache\": {\"ttlSeconds\": -1}}").contains("cache: ttlSeconds must be from 1"));
        assertTrue(failure("{\"breaker\": {\"failureThreshold\": 0}}").contains("failureThreshold"));
        assertTrue(failure("{\"cors\": {\"allowedOrigins\": [\"*\"], \"allowCredentials\": true}}")
                .contains("allowCredentials cannot be true"));
        assertTrue(failure("{\"cors\": {\"allowedOrigins\": [\"app.test\"]}}").contains("allowedOrigins[0]"));
        assertTrue(failure("{\"auth\": {\"enabled\": true}}").contains("keys must name at least one key"));
        assertTrue(failure(oneRoute(", \"rateLimit\": {\"limit\": -1}")).contains("routes[0].rateLimit: limit"));
        assertTrue(failure("{\"logging\": {\"level\": \"debug\"}}").contains("unknown key 'level' in logging"));
        assertTrue(failure("{\"admin\": {\"access\": \"localhost\"}}")
                .contains("admin: access must be \"any\", \"loopback\" or \"key\", got 'localhost'"));
        String shortKey = failure("{\"admin\": {\"access\": \"key\", \"apiKey\": \"${ADMIN_KEY:-}\"}}");
        assertTrue(shortKey.contains("admin: apiKey must be at least 16 characters when access is \"key\", got 0"),
                shortKey);
    }
}
