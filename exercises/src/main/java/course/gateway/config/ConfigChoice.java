package course.gateway.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A setting that takes one of a fixed set of values, implemented by its enum: config.json spells each value as the
 * constant's name in lower case ({@code "redis"} for {@code REDIS}), and Jackson reads and writes that spelling
 * only. Any other value fails to load with a message that names the field and lists the values it takes.
 */
public interface ConfigChoice {
    /** The enum constant's name. */
    String name();

    /** The value as config.json spells it. */
    @JsonValue
    default String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }
}
