package course.gateway.store;

/**
 * The shared store's state as {@code /gateway/health} shows it.
 *
 * @param type      "memory" or "redis"
 * @param status    "up", or "down" while Redis cannot be reached
 * @param url       the Redis URL, password hidden (null for memory)
 * @param onFailure the fail mode, "open" or "closed" (null for memory)
 * @param error     why Redis is down (null while up)
 * @param downForMs how long the outage has lasted (null while up)
 * @param failures  Redis commands that failed since start
 * @param outages   outages since start
 */
public record StoreHealth(String type, String status, String url, String onFailure, String error, Long downForMs,
                          long failures, long outages) {

    /** The in-memory store, which is always there. */
    public static StoreHealth memory() {
        return new StoreHealth("memory", "up", null, null, null, null, 0, 0);
    }

    public boolean isUp() {
        return status.equals("up");
    }
}
