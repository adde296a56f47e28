package course.grading;

/** The one format of a graded failure: what was sent (copy-paste), what was expected, what came back, a hint. */
final class Failure {
    private Failure() {}

    static String message(String sent, String expected, String got, String hint) {
        return "\nsent:     " + sent + "\nexpected: " + expected + "\ngot:      " + got + "\nhint:     " + hint;
    }
}
