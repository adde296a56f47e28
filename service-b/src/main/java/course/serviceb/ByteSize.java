package course.serviceb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes as people type it: {@code 65536}, {@code 64K} or {@code 1M} (K is 1024 bytes, M 1024 K). */
final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,10})([KkMm]?)");

    private ByteSize() {}

    /**
     * The size {@code text} names, from 1 to {@code max} bytes; otherwise an {@link IllegalArgumentException} whose
     * message says what is wanted, short enough for a close reason: "a size from 1 to 16M (such as ...), got 'x'".
     */
    static int parse(String text, int max) {
        Matcher size = SIZE.matcher(text.trim());
        if (size.matches()) {
            long unit = switch (size.group(2).toUpperCase()) {
                case "K" -> 1024;
                case "M" -> 1024 * 1024;
                default -> 1;
            };
            long bytes = Long.parseLong(size.group(1)) * unit;
            if (bytes >= 1 && bytes <= max) {
                return (int) bytes;
            }
        }
        throw new IllegalArgumentException("a size from 1 to " + shown(max) + " (such as 65536, 64K or 1M), got '"
                + quoted(text) + "'");
    }

    /** {@code bytes} the short way: 16M, 64K, or the number. */
    static String shown(int bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "M";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + "K" : Integer.toString(bytes);
    }

    /** At most 12 characters of what was typed, anything but printable ASCII as '?', so a reason stays short. */
    private static String quoted(String text) {
        String start = text.length() > 12 ? text.substring(0, 12) + "..." : text;
        return start.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
