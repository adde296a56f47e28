package course.gateway.cache;

import io.javalin.http.NotImplementedResponse;

/**
 * The in-memory {@link ResponseCache} (the default): the stored answers, in this process, within two bounds. Its
 * contract (exercises/steps/3-cache.md, "The store"):
 *
 * <ul>
 *   <li>{@link #get} returns the answer stored under the key only while it is fresh at the time it is given
 *       ({@link CachedResponse#isFreshAt}); a stale answer is never returned, and need not be kept.</li>
 *   <li>{@link #put} stores an answer whole, replacing any older one under the same key. The answer just stored is
 *       kept; to stay within the bounds, others are dropped (which ones is your design).</li>
 *   <li>Never more than {@code maxEntries} answers, never more than {@code maxTotalBytes} body bytes in all.</li>
 *   <li>Many request threads call it at once: an answer is stored whole or not at all, and the bounds and the
 *       counts hold whatever the interleaving.</li>
 *   <li>{@link #size} and {@link #totalBytes} tell what is stored now.</li>
 * </ul>
 */
public final class InMemoryResponseCache implements ResponseCache {

    /**
     * @param maxEntries    the most answers kept ({@code cache.maxEntries})
     * @param maxTotalBytes the most body bytes kept in all ({@code cache.maxTotalBytes}); never less than the
     *                      largest answer the step stores ({@code cache.maxEntryBytes})
     */
    public InMemoryResponseCache(int maxEntries, long maxTotalBytes) {
        // TODO(step 3): keep the bounds, and choose how the answers are held. See exercises/steps/3-cache.md,
        //   "The store".
    }

    @Override
    public CachedResponse get(String key, long nowMillis) {
        throw new NotImplementedResponse("Step 3 (response cache) is not done yet: InMemoryResponseCache.get."
                + " See exercises/steps/3-cache.md");
    }

    @Override
    public void put(String key, CachedResponse entry) {
        throw new NotImplementedResponse("Step 3 (response cache) is not done yet: InMemoryResponseCache.put."
                + " See exercises/steps/3-cache.md");
    }

    @Override
    public int size() {
        // TODO(step 3): how many answers are stored now.
        return 0;
    }

    @Override
    public long totalBytes() {
        // TODO(step 3): how many body bytes are stored now.
        return 0;
    }
}
