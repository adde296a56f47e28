package course.gateway.ratelimit;

import course.gateway.routes.Limit;

/**
 * Decides whether a client may make a request now, from budgets kept per client key: {@link InMemoryRateLimiter}
 * keeps them in this process, the Redis one (Bonus E) in a store every replica shares. Either way one call takes
 * one request from {@code key}'s budget atomically; it knows nothing of HTTP.
 */
public interface RateLimiter {

    /** Takes one request from {@code key}'s budget under {@code limit} if it has one. */
    Decision tryAcquire(String key, Limit limit);

    /** How many clients' budgets are held now, for stats; -1 when a shared store cannot count them cheaply. */
    int trackedClients();
}
