package course.gateway.pipeline;

/**
 * What Step 3 decided for a request, as sent in {@code X-Cache} and logged: answered from the cache (HIT),
 * looked up and not found (MISS), or not cacheable at all (BYPASS).
 */
public enum CacheOutcome { HIT, MISS, BYPASS }
