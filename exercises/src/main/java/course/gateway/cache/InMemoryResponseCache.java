package course.gateway.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The in-memory {@link ResponseCache} (the default): the stored answers, bounded by count and by total body bytes; when either bound is passed the least recently
 * used answers go first. Thread-safe; an answer is stored whole or not at all, so concurrent fills of one key
 * can replace each other but never mix.
 */
public final class InMemoryResponseCache implements ResponseCache {
    private final int maxEntries;
    private final long maxTotalBytes;
    private final LinkedHashMap<String, CachedResponse> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;

    public InMemoryResponseCache(int maxEntries, long maxTotalBytes) {
        this.maxEntries = maxEntries;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** A stale answer is dropped on the way. */
    @Override
    public synchronized CachedResponse get(String key, long nowMillis) {
        CachedResponse entry = entries.get(key);
        if (entry != null && !entry.isFreshAt(nowMillis)) {
            remove(key);
            return null;
        }
        return entry;
    }

    @Override
    public synchronized void put(String key, CachedResponse entry) {
        remove(key);
        entries.put(key, entry);
        totalBytes += entry.body().length;
        Iterator<Map.Entry<String, CachedResponse>> oldestFirst = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || totalBytes > maxTotalBytes) && oldestFirst.hasNext()) {
            totalBytes -= oldestFirst.next().getValue().body().length;
            oldestFirst.remove();
        }
    }

    @Override
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized long totalBytes() {
        return totalBytes;
    }

    private void remove(String key) {
        CachedResponse old = entries.remove(key);
        if (old != null) {
            totalBytes -= old.body().length;
        }
    }
}
