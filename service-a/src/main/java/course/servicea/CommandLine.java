package course.servicea;

import java.util.Map;

/** The service's start-up options; a bad flag or value fails with a message that names it. */
record CommandLine(String host, int port, String name) {

    static CommandLine parse(String[] args, Map<String, String> env, int defaultPort, String defaultName) {
        String host = env.getOrDefault("HOST", "127.0.0.1");
        String port = env.getOrDefault("PORT", String.valueOf(defaultPort));
        String name = env.getOrDefault("SERVICE_NAME", defaultName);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--host" -> host = value;
                case "--port" -> port = value;
                case "--name" -> name = value;
                default -> throw new IllegalArgumentException("unknown option " + flag + " (use --host, --port, --name)");
            }
        }
        return new CommandLine(host, parsePort(port), name);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("port must be a number from 0 to 65535, got '" + text + "'");
    }
}
