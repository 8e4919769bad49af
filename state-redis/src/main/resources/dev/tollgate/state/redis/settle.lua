-- Release ARGV[1] nano-USD reserved and add the actual charge ARGV[2] to every counter in KEYS.
-- Per key i: ARGV[3i] = limit, ARGV[3i+1] = '1' for a prepaid balance, ARGV[3i+2] = alert amounts, ascending,
-- comma-separated ('' for none). A balance collects at most what it still holds (limit - spent), and what is
-- collected is added to every counter. Missing counters are left alone (the database has the charge).
-- Returns {collected, then per key: alerts announced before, alerts announced now, spent now (-1 if missing)}.
local reserved = tonumber(ARGV[1])
local collected = tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  if ARGV[3 * i + 1] == '1' then
    local spent = redis.call('HGET', key, 's')
    if spent then
      local room = tonumber(ARGV[3 * i]) - tonumber(spent)
      if room < 0 then room = 0 end
      if room < collected then collected = room end
    end
  end
end
local out = {collected}
for i, key in ipairs(KEYS) do
  if redis.call('HEXISTS', key, 's') == 1 then
    -- numbers go to Redis as '%d' strings: a plain Lua number may be written in exponent form
    local r = redis.call('HINCRBY', key, 'r', string.format('%d', -reserved))
    if r < 0 then redis.call('HSET', key, 'r', '0') end
    local spent = redis.call('HINCRBY', key, 's', string.format('%d', collected))
    local before = tonumber(redis.call('HGET', key, 'a') or '0')
    local reached = 0
    for amount in string.gmatch(ARGV[3 * i + 2], '[^,]+') do
      if spent >= tonumber(amount) then reached = reached + 1 end
    end
    local after = before
    if reached > before then
      after = reached
      redis.call('HSET', key, 'a', string.format('%d', after))
    end
    out[#out + 1] = before
    out[#out + 1] = after
    out[#out + 1] = spent
  else
    out[#out + 1] = 0
    out[#out + 1] = 0
    out[#out + 1] = -1
  end
end
return out
