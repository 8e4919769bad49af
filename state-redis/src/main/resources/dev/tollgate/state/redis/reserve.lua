-- Reserve ARGV[1] nano-USD on every counter in KEYS, or on none.
-- Per key i: ARGV[2i] = limit, ARGV[2i+1] = '1' when the account is hard (refuses), '0' when soft.
-- Counter hash fields: s = spent (settled charges), r = reserved (calls in flight), a = alert thresholds announced.
-- Returns {1} granted; {0, i...} counters i are missing (hydrate them, then retry); {-1, i} refused by counter i.
local amount = tonumber(ARGV[1])
local missing = {}
for i, key in ipairs(KEYS) do
  if redis.call('HEXISTS', key, 's') == 0 then
    missing[#missing + 1] = i
  end
end
if #missing > 0 then
  table.insert(missing, 1, 0)
  return missing
end
for i, key in ipairs(KEYS) do
  if ARGV[2 * i + 1] == '1' then
    local spent = tonumber(redis.call('HGET', key, 's'))
    local reserved = tonumber(redis.call('HGET', key, 'r') or '0')
    if spent + reserved + amount > tonumber(ARGV[2 * i]) then
      return {-1, i}
    end
  end
end
for _, key in ipairs(KEYS) do
  redis.call('HINCRBY', key, 'r', ARGV[1])
end
return {1}
