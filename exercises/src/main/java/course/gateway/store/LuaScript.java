package course.gateway.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script that Redis runs atomically: no other command runs between its lines, which is what makes a
 * read-decide-write such as "take a token if there is one" safe when replicas ask at the same moment.
 * It is sent by its SHA-1 digest; a Redis that does not know it yet (just started, or restarted) gets the
 * text once.
 */
final class LuaScript {
    private final byte[] text;
    private final byte[] sha1;

    private LuaScript(byte[] text) {
        this.text = text;
        this.sha1 = HexFormat.of().formatHex(digest(text)).getBytes(StandardCharsets.US_ASCII);
    }

    /** Loads {@code name} from this package's resources. */
    static LuaScript load(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + name);
            }
            return new LuaScript(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Object run(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
        try {
            return redis.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException unknown) {
            return redis.eval(text, keys, args);
        }
    }

    static byte[] bytes(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] digest(byte[] text) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(text);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
