package course.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * What one test starts (services and gateways on free ports of 127.0.0.1) and the clock they share, closed
 * together: last started first, each one even when another fails to close. Starting is all or nothing: when a
 * start fails, what was already started is closed before the failure is thrown, so no server outlives its test.
 * A config template's {@code ${NAME}} stands for the URL of the upstream started under that name.
 */
public final class Fixture implements AutoCloseable {
    /** The clock for everything this test starts; the test moves it. */
    public final MutableClock clock = new MutableClock();

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, String> urls = new LinkedHashMap<>();

    /**
     * Starts an upstream (a server on a free port, e.g. {@code () -> ServiceA.start("127.0.0.1", 0, "a")}) to be
     * stopped with {@code stop}; {@code ${placeholder}} in a config template then stands for its URL.
     */
    public <T> T upstream(String placeholder, Supplier<T> start, ToIntFunction<T> port, Consumer<T> stop) {
        T server = orCloseAll(start);
        started.push(() -> stop.accept(server));
        urls.put(placeholder, "http://127.0.0.1:" + port.applyAsInt(server));
        return server;
    }

    /** Starts something (e.g. a gateway) to close with this fixture, before everything started earlier. */
    public <T extends AutoCloseable> T start(Supplier<T> start) {
        T thing = orCloseAll(start);
        started.push(thing);
        return thing;
    }

    /** The template with each {@code ${NAME}} of a started upstream replaced by its URL. */
    public String fill(String template) {
        String filled = template;
        for (Map.Entry<String, String> url : urls.entrySet()) {
            filled = filled.replace("${" + url.getKey() + "}", url.getValue());
        }
        return filled;
    }

    /**
     * Closes everything started, last first. A failure to close one does not keep the rest open: it is thrown
     * after all were closed (wrapped if checked), with any further failures suppressed in it.
     */
    @Override
    public void close() {
        RuntimeException failed = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception notClosed) {
                if (failed == null) {
                    failed = notClosed instanceof RuntimeException unchecked ? unchecked
                            : new IllegalStateException("could not close: " + notClosed, notClosed);
                } else {
                    failed.addSuppressed(notClosed);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private <T> T orCloseAll(Supplier<T> start) {
        try {
            return start.get();
        } catch (RuntimeException | Error failed) {
            try {
                close();
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
    }
}
