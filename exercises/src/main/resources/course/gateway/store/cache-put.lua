-- Stores one cached answer and keeps the cache within its bounds, in one atomic step (Bonus E), so replicas
-- never see half an answer and the bounds hold however many replicas store at once.
-- KEYS     [1] the answer (a hash {meta, body}), [2] index: a sorted set of answers by expiry time,
--          [3] sizes: a hash answer -> body bytes, [4] bytes: the total body bytes stored.
--          All four share the hash tag {cache}; so do the answers the script drops, which is why it may
--          touch them on Redis Cluster too.
-- ARGV     meta (JSON), body, expires at (ms), TTL (ms), now (ms), max entries, max total bytes
local entry, index, sizes, total = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local meta, body = ARGV[1], ARGV[2]
local expires_at, ttl, now = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local max_entries, max_bytes = tonumber(ARGV[6]), tonumber(ARGV[7])

local function forget(answer)
  local size = tonumber(redis.call('HGET', sizes, answer)) or 0
  redis.call('DEL', answer)
  redis.call('ZREM', index, answer)
  redis.call('HDEL', sizes, answer)
  redis.call('DECRBY', total, size)
end

-- Redis has already dropped answers past their TTL; drop their bookkeeping too.
for _, expired in ipairs(redis.call('ZRANGEBYSCORE', index, '-inf', now)) do
  forget(expired)
end
forget(entry) -- a newer answer replaces the old one whole

redis.call('HSET', entry, 'meta', meta, 'body', body)
redis.call('PEXPIRE', entry, ttl)
redis.call('ZADD', index, expires_at, entry)
redis.call('HSET', sizes, entry, #body)
redis.call('INCRBY', total, #body)

-- Over a bound: drop the answers closest to expiry first (what Redis calls the volatile-ttl policy).
while redis.call('ZCARD', index) > max_entries or (tonumber(redis.call('GET', total)) or 0) > max_bytes do
  local soonest = redis.call('ZRANGE', index, 0, 0)[1]
  if not soonest then
    redis.call('SET', total, 0) -- nothing is stored, so nothing can count (someone flushed keys by hand)
    break
  end
  forget(soonest)
end
return 1
