package course.grading;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a test class as one step of the graded suite: {@code @Graded(step = "2", title = "rate limit")}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Graded {
    /**
     * "1" to "4" for the steps, "A" to "E" for the bonus challenges; any other id (an instructor's own tests, run
     * with grade.sh --extra) makes a row of its own, named by its title alone.
     */
    String step();

    String title();

    /** The step guide, relative to the repository root. */
    String guide();
}
