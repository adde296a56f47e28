package course.gateway.ratelimit;

/**
 * Where clients' budgets are kept: {@link RateLimiter} in this process, or (Bonus E) a Redis shared by every
 * gateway replica. Either way one call takes one request from {@code key}'s budget atomically.
 */
public interface RateLimitStore {

    /** Takes one request from {@code key}'s budget under {@code limit} if it has one. */
    Decision tryAcquire(String key, Limit limit);

    /** How many clients' budgets are held now, for stats; -1 when a shared store cannot count them cheaply. */
    int trackedClients();
}
