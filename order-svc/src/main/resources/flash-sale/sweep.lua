-- Gives back the units of an admission that was never recorded in MySQL — its process died between this script's
-- admission and the database, and the buyer did not retry — once the flash-sale job has found no record of it.
-- KEYS: as admit.lua. ARGV: purchaseId.
local sale, buyers, purchases, unrecorded = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local known = redis.call('HGET', purchases, ARGV[1])
redis.call('ZREM', unrecorded, ARGV[1])
if redis.call('EXISTS', sale) == 0 or not known then
    return 0
end
local userId, quantity = string.match(known, '^%d+#([^|#]*)|(%d+)|')
redis.call('HDEL', purchases, ARGV[1])
redis.call('HINCRBY', sale, 'left', tonumber(quantity))
redis.call('HINCRBY', buyers, userId, -tonumber(quantity))
return 1
