-- Gives back what a call took (RedisLimitState.settle): corrects the token windows' bucket of the time the limits
-- were taken by delta (actual - reserved tokens) while it is still in the window, never below zero, and drops the
-- call's lease from concurrency counters.
-- KEYS[i]: the counters; ARGV: at ms, delta, lease id, then per limit: kind, period ms, bucket ms.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at, delta, lease = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
for i = 1, #KEYS do
  local base = 3 + (i - 1) * 3
  local kind = ARGV[base + 1]
  if kind == 'c' then
    redis.call('ZREM', KEYS[i], lease)
  elseif kind == 't' and delta ~= 0 then
    local period, bucket = tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
    local idx = math.floor(at / bucket)
    if idx > math.floor(now / bucket) - period / bucket then
      local field = string.format('%d', idx)
      local v = redis.call('HGET', KEYS[i], field)
      if v then
        redis.call('HSET', KEYS[i], field, math.max(0, tonumber(v) + delta))
      end
    end
  end
end
return 1
