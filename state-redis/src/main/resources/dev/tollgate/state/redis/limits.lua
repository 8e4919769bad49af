-- Checks and takes every rate limit of one call, or none (RedisLimitState, the same algorithm as
-- InProcessLimitState/SlidingWindow). Time is Redis's own clock, so nodes with skewed clocks agree.
-- KEYS[i]: one counter per limit. A window is a hash: field = bucket index (ms / bucket), value = count;
-- a concurrency counter is a sorted set: member = request id, score = lease expiry (ms).
-- ARGV: tokens, lease id, lease ms, then per limit: kind ('r' requests, 't' tokens, 'c' concurrency), max,
-- period ms, bucket ms.
-- Returns {refused (0: granted, else the 1-based index of the limit that did not fit), retry ms, now ms,
--          remaining_1, reset_ms_1, remaining_2, reset_ms_2, ...}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local tokens = tonumber(ARGV[1])
local lease = ARGV[2]
local leaseMs = tonumber(ARGV[3])
local n = #KEYS
local remaining, reset, amounts = {}, {}, {}

local function answer(refused, retry)
  local out = {refused, retry, now}
  for i = 1, n do
    out[#out + 1] = remaining[i] or 0
    out[#out + 1] = reset[i] or 0
  end
  return out
end

for i = 1, n do
  local base = 3 + (i - 1) * 4
  local kind, max = ARGV[base + 1], tonumber(ARGV[base + 2])
  if kind == 'c' then
    redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now) -- leases of calls whose node died
    local held = redis.call('ZCARD', KEYS[i])
    remaining[i] = max - held
    reset[i] = 0
    amounts[i] = 1
    if held + 1 > max then
      return answer(i, 1000)
    end
  else
    local period, bucket = tonumber(ARGV[base + 3]), tonumber(ARGV[base + 4])
    local amount = 1
    if kind == 't' then amount = tokens end
    amounts[i] = amount
    local cur = math.floor(now / bucket)
    local nb = period / bucket
    local flat = redis.call('HGETALL', KEYS[i])
    local sum, live, stale = 0, {}, {}
    for j = 1, #flat, 2 do
      local idx, c = tonumber(flat[j]), tonumber(flat[j + 1])
      if idx > cur - nb and idx <= cur then
        sum = sum + c
        live[#live + 1] = {idx, c}
      else
        stale[#stale + 1] = flat[j]
      end
    end
    if #stale > 0 then
      redis.call('HDEL', KEYS[i], unpack(stale))
    end
    table.sort(live, function(a, b) return a[1] < b[1] end)
    remaining[i] = math.max(0, max - sum)
    reset[i] = 0
    for _, b in ipairs(live) do
      if b[2] > 0 then
        reset[i] = (b[1] + nb) * bucket - now
        break
      end
    end
    if sum + amount > max then
      local retry = period
      if amount <= max then
        local need, freed = sum + amount - max, 0
        for _, b in ipairs(live) do
          freed = freed + b[2]
          if freed >= need then
            retry = (b[1] + nb) * bucket - now
            break
          end
        end
      end
      return answer(i, retry)
    end
  end
end

for i = 1, n do
  local base = 3 + (i - 1) * 4
  local kind = ARGV[base + 1]
  if kind == 'c' then
    redis.call('ZADD', KEYS[i], now + leaseMs, lease)
    redis.call('PEXPIRE', KEYS[i], leaseMs)
    remaining[i] = remaining[i] - 1
  else
    local period, bucket = tonumber(ARGV[base + 3]), tonumber(ARGV[base + 4])
    local cur = math.floor(now / bucket)
    redis.call('HINCRBY', KEYS[i], string.format('%d', cur), amounts[i])
    redis.call('PEXPIRE', KEYS[i], period + bucket)
    remaining[i] = math.max(0, remaining[i] - amounts[i])
    if reset[i] == 0 then
      reset[i] = (cur + period / bucket) * bucket - now
    end
  end
end
return answer(0, 0)
