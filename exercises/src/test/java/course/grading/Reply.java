package course.grading;

import java.util.List;
import java.util.Map;

/**
 * One request the suite sent and what came back, able to explain itself in a failure message: the request as a
 * curl command a student can paste (against ./run-all.sh --student on port 8000), the answer, and for a 500 the
 * exception the gateway logged ({@code thrown}).
 */
record Reply(String curl, int status, Map<String, List<String>> headers, byte[] body, String failure, String thrown) {

    String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    String text() {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** What came back, in one or two lines. */
    String describe() {
        if (failure != null) {
            return failure;
        }
        String text = text().replace("\n", " ");
        String answer = "status " + status + (text.isEmpty() ? ", empty body" : ", body " + (text.length() > 160
                ? text.substring(0, 160) + "..." : text));
        return thrown == null ? answer : answer + "\n          because your gateway threw " + thrown;
    }

    /** Fails the test unless {@code ok}, saying what was sent, expected, received, and what to look at. */
    Reply expect(boolean ok, String expected, String hint) {
        if (!ok) {
            throw new AssertionError(Failure.message(curl, expected, describe(), hint));
        }
        return this;
    }

    Reply expectStatus(int expected, String hint) {
        return expect(failure == null && status == expected, "status " + expected, hint);
    }

    Reply expectHeader(String name, String expected, String hint) {
        String actual = header(name);
        return expect(failure == null && expected.equals(actual), "header " + name + ": " + expected
                + (actual == null ? " (it is missing)" : " (it is " + actual + ")"), hint);
    }
}
