package course.gateway.config;

import java.util.regex.Pattern;

/** Checks shared by the config records; each failure names the field and the value. */
final class Checks {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private Checks() {}

    static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be from " + min + " to " + max + ", got " + value);
        }
    }

    /** An IP address or CIDR range written as a literal, never a host name (which would need a DNS lookup). */
    static void addressOrRange(String field, String value) {
        String[] parts = value == null ? new String[0] : value.split("/", -1);
        boolean literal = parts.length >= 1 && parts.length <= 2
                && (IPV4.matcher(parts[0]).matches() || IPV6.matcher(parts[0]).matches());
        int maxBits = literal && parts[0].contains(":") ? 128 : 32;
        boolean bitsOk = parts.length != 2 || (parts[1].matches("\\d{1,3}") && Integer.parseInt(parts[1]) <= maxBits);
        if (!literal || !bitsOk) {
            throw new IllegalArgumentException(field + " must be an IP address or CIDR range such as 10.0.0.0/8,"
                    + " got '" + value + "'");
        }
    }
}
