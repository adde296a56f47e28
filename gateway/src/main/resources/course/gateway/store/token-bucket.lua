-- One request against one client's token bucket, atomically (Bonus E).
-- The same arithmetic as TokenBucket.java, in whole-number credits: one token is `window` credits and every
-- millisecond adds `limit` credits, so "10 per 60 s" never drifts. Lua numbers are doubles; every value here
-- stays a whole number below 2^53, where doubles are exact.
-- KEYS[1]  the bucket: a hash {credits, updated}. It is the only key touched, so Redis Cluster can route the
--          call by its hash tag.
-- ARGV     limit (requests per window), window (ms), now (ms, from the gateway's clock)
-- Returns  {allowed (1/0), remaining requests, retry after (ms), reset after (ms)}
local limit, window, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local capacity = limit * window

local function ceil_div(a, b)
  return (a + b - 1 - (a + b - 1) % b) / b
end

local state = redis.call('HMGET', KEYS[1], 'credits', 'updated')
local credits = tonumber(state[1]) or capacity -- no bucket yet: a full one
local updated = tonumber(state[2]) or now

-- Refill for the time passed; a replica whose clock is behind adds nothing rather than taking away.
credits = math.min(capacity, credits + math.max(0, now - updated) * limit)
updated = math.max(updated, now)

local allowed = credits >= window
if allowed then
  credits = credits - window
end
local retry_after = 0
if not allowed then
  retry_after = ceil_div(window - credits, limit)
end
local reset_after = ceil_div(capacity - credits, limit)

if reset_after > 0 then
  redis.call('HSET', KEYS[1], 'credits', string.format('%d', credits), 'updated', string.format('%d', updated))
  -- Once refilled, a bucket tells nothing a new one would not: let Redis forget it then.
  -- The key is garbage once the bucket would be full again (a full bucket is the same as none). Redis expires it
  -- on its own clock, which need not be the gateway's (a test holds the gateway's still), so it keeps it a minute
  -- longer: a key that outlives its need costs memory for a minute, one that dies early would give a free burst.
  redis.call('PEXPIRE', KEYS[1], reset_after + 60000)
else
  redis.call('DEL', KEYS[1])
end
return {allowed and 1 or 0, (credits - credits % window) / window, retry_after, reset_after}
