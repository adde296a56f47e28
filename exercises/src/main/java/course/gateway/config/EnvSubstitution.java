package course.gateway.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config strings with environment variables, so
 * the shipped file can name its defaults and secrets stay out of it. As in a shell, an empty variable
 * counts as unset when a default is given. A variable that is unset and has no default is an error.
 */
final class EnvSubstitution {
    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Map<String, String> env;

    EnvSubstitution(Map<String, String> env) {
        this.env = env;
    }

    /** The value with every placeholder replaced; {@code field} only names the place in errors. */
    String apply(String field, String value) {
        Matcher matcher = PLACEHOLDER.matcher(value);
        var result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String fromEnv = env.get(name);
            boolean hasDefault = matcher.group(2) != null;
            String replacement;
            if (fromEnv != null && !(hasDefault && fromEnv.isEmpty())) {
                replacement = fromEnv;
            } else if (hasDefault) {
                replacement = matcher.group(3);
            } else {
                throw new ConfigException(field + ": environment variable " + name
                        + " is not set and '" + value + "' gives no default (write ${" + name + ":-value})");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
