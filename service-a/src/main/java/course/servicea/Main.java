package course.servicea;

/**
 * Starts Service A: {@code java -jar service-a.jar [--port N] [--host H] [--name NAME]}.
 * Defaults come from the env vars PORT, HOST and SERVICE_NAME, then 8001, 127.0.0.1 and "service-a".
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        try {
            var options = CommandLine.parse(args, System.getenv(), 8001, "service-a");
            var service = ServiceA.start(options.host(), options.port(), options.name());
            System.out.printf("service-a listening on http://%s:%d%n", options.host(), service.port());
            Runtime.getRuntime().addShutdownHook(new Thread(service::stop, "service-a-shutdown"));
        } catch (IllegalArgumentException badArgument) {
            System.err.println("service-a: " + badArgument.getMessage());
            System.exit(2);
        }
    }
}
