package course.grading;

import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.util.function.IntSupplier;

/**
 * Starts whichever gateway is on the classpath, the reference or the student's, through its one entry point
 * {@code course.gateway.GatewayApp.launch(String configJson, Clock clock)}. The contract is JDK types only:
 * config text and a clock in, something {@link AutoCloseable} that gives its port as an {@link IntSupplier} out.
 */
final class GatewayUnderTest implements AutoCloseable {
    private final AutoCloseable gateway;
    private final int port;

    private GatewayUnderTest(AutoCloseable gateway, int port) {
        this.gateway = gateway;
        this.port = port;
    }

    static GatewayUnderTest launch(String configJson, Clock clock) {
        Object started;
        try {
            started = Class.forName("course.gateway.GatewayApp").getMethod("launch", String.class, Clock.class)
                    .invoke(null, configJson, clock);
        } catch (InvocationTargetException failed) {
            throw new AssertionError("The gateway did not start: " + failed.getCause(), failed.getCause());
        } catch (ReflectiveOperationException missing) {
            throw new AssertionError("course.gateway.GatewayApp.launch(String, Clock) is missing: the grader starts"
                    + " your gateway through it, so keep its name and signature", missing);
        }
        if (!(started instanceof AutoCloseable closeable) || !(started instanceof IntSupplier port)) {
            throw new AssertionError("GatewayApp.launch must return something AutoCloseable and IntSupplier");
        }
        return new GatewayUnderTest(closeable, port.getAsInt());
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        gateway.close();
    }
}
