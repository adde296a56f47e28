package course.gateway.config;

/** Range checks shared by the config records; each failure names the field and the value. */
final class Checks {
    private Checks() {}

    static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " must be from " + min + " to " + max + ", got " + value);
        }
    }
}
