package course.grading;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one format of a graded failure: what was sent (copy-paste), what was expected, what came back, a hint. */
final class Failure {
    private static final String[] LABELS = {"sent:", "expected:", "got:", "hint:"};

    private Failure() {}

    static String message(String sent, String expected, String got, String hint) {
        return "\nsent:     " + sent + "\nexpected: " + expected + "\ngot:      " + got + "\nhint:     " + hint;
    }

    /** A failure message taken apart again, for the machine-readable reports; a field missing from it is null. */
    record Parts(String sent, String expected, String got, String hint) {}

    /**
     * The parts of a message {@link #message} made (an indented line continues the field above it); null for any
     * other message, such as a gateway that would not start.
     */
    static Parts parse(String text) {
        Map<String, StringBuilder> fields = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : text.strip().split("\n")) {
            String label = labelOf(line);
            if (label != null) {
                current = new StringBuilder(line.substring(label.length()).strip());
                fields.put(label, current);
            } else if (current != null && !line.isBlank()) {
                current.append('\n').append(line.strip());
            } else if (current == null) {
                return null; // text before the first label: not this format
            }
        }
        if (!fields.containsKey("expected:") || !fields.containsKey("got:")) {
            return null;
        }
        return new Parts(text(fields, "sent:"), text(fields, "expected:"), text(fields, "got:"), text(fields, "hint:"));
    }

    private static String labelOf(String line) {
        for (String label : LABELS) {
            if (line.startsWith(label)) {
                return label;
            }
        }
        return null;
    }

    private static String text(Map<String, StringBuilder> fields, String label) {
        StringBuilder field = fields.get(label);
        return field == null ? null : field.toString();
    }
}
