package course.gateway.websocket;

/**
 * Close codes passed from one side of the relay to the other. RFC 6455 section 7.4.1 reserves 1005 (no code
 * given), 1006 (connection lost without a Close frame) and 1015 (TLS failure) for reporting: they must never be
 * sent in a Close frame, so they are mapped to codes that may.
 */
final class CloseCodes {
    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int TOO_BIG = 1009;
    static final int INTERNAL_ERROR = 1011;
    static final int TRY_AGAIN_LATER = 1013;
    private static final int MAX_REASON_BYTES = 123;

    private CloseCodes() {}

    /** The code to send the upstream when the client's side closed with {@code code}. */
    static int towardsUpstream(int code) {
        return switch (code) {
            case 1005 -> NORMAL;          // the client closed without a code: a plain, normal close
            case 1006, 1015 -> GOING_AWAY; // the client vanished: it is going away
            default -> sendable(code) ? code : NORMAL;
        };
    }

    /** The code to send the client when the upstream's side closed with {@code code}. */
    static int towardsClient(int code) {
        return switch (code) {
            case 1005 -> NORMAL;
            case 1006, 1015 -> INTERNAL_ERROR; // the upstream vanished: from the client's view the server failed
            default -> sendable(code) ? code : INTERNAL_ERROR;
        };
    }

    /** A reason short enough for a Close frame (123 bytes of UTF-8), cut on a character boundary. */
    static String reason(String reason) {
        if (reason == null) {
            return "";
        }
        String cut = reason;
        while (cut.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut;
    }

    private static boolean sendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
