package course.grading;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;

/**
 * Remembers the last exception the gateway under test logged, so that a graded answer of 500 can say what was
 * thrown and where in the student's code, instead of only "status 500". The gateway runs in the suite's JVM, so
 * its log goes through this JVM's Logback.
 */
final class ThrownInGateway {
    private static final AtomicReference<IThrowableProxy> LAST = new AtomicReference<>();

    static {
        var watcher = new AppenderBase<ILoggingEvent>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getThrowableProxy() != null) {
                    LAST.set(event.getThrowableProxy());
                }
            }
        };
        watcher.start();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(watcher);
    }

    private ThrownInGateway() {}

    /** Forgets what was logged before a request. */
    static void clear() {
        LAST.set(null);
    }

    /** The last exception since {@link #clear}: its type, message and the first line of the gateway's own code. */
    static String describe() {
        IThrowableProxy thrown = LAST.get();
        if (thrown == null) {
            return null;
        }
        while (thrown.getCause() != null && thrown.getClassName().startsWith("io.javalin")) {
            thrown = thrown.getCause(); // the student's exception, not Javalin's wrapper around it
        }
        String where = "";
        for (StackTraceElementProxy frame : thrown.getStackTraceElementProxyArray()) {
            if (frame.getStackTraceElement().getClassName().startsWith("course.gateway")) {
                where = " at " + frame.getStackTraceElement();
                break;
            }
        }
        String type = thrown.getClassName().substring(thrown.getClassName().lastIndexOf('.') + 1);
        return type + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()) + where;
    }
}
