package course.serviceb;

/**
 * Starts Service B: {@code java -jar service-b.jar [--port N] [--host H]}.
 * Defaults come from the env vars PORT and HOST, then 8002 and 127.0.0.1.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        String port = System.getenv().getOrDefault("PORT", "8002");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host" -> host = args[i + 1];
                case "--port" -> port = args[i + 1];
                default -> fail("unknown option " + args[i] + " (use --host, --port)");
            }
        }
        if (args.length % 2 != 0) {
            fail("missing value after " + args[args.length - 1]);
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            fail("port must be a number from 0 to 65535, got '" + port + "'");
        }
        var service = ServiceB.start(host, Integer.parseInt(port));
        System.out.printf("service-b listening on ws://%s:%d/ws (and /ws/stuck, /ws/flood)%n", host, service.port());
        Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "service-b-shutdown"));
    }

    private static void fail(String message) {
        System.err.println("service-b: " + message);
        System.exit(2);
    }
}
