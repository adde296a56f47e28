package course.gateway.config;

/** A configuration problem, described in one line that names the field and the offending value. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
