-- Set a missing counter KEYS[1]: spent ARGV[1], alerts already reached ARGV[2], expiring at ARGV[3] (epoch
-- seconds; -1 never). A counter another node set first is left as it is. Returns 1 when this call set it.
if redis.call('HSETNX', KEYS[1], 's', ARGV[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'r', '0', 'a', ARGV[2])
if tonumber(ARGV[3]) > 0 then
  redis.call('EXPIREAT', KEYS[1], ARGV[3])
end
return 1
