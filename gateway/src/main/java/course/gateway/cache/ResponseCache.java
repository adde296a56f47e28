package course.gateway.cache;

/**
 * Where cached answers are kept: {@link InMemoryResponseCache} in this process, or (Bonus E) a Redis shared by every
 * gateway replica. Either way an answer is stored whole or not at all, and the size bounds apply.
 */
public interface ResponseCache {

    /** The answer stored under {@code key} if there is one and it is still fresh at {@code nowMillis}. */
    CachedResponse get(String key, long nowMillis);

    /** Stores {@code entry} under {@code key}, replacing any older one and dropping others to stay in bounds. */
    void put(String key, CachedResponse entry);

    /** How many answers are stored (for stats). */
    int size();

    /** Body bytes stored (for stats). */
    long totalBytes();
}
