-- A purchase whose order was refused gives its units back, so that another buyer can have them, once: its record
-- stays (a retry under its Idempotency-Key still finds it) and is marked released.
-- KEYS: as admit.lua. ARGV: purchaseId, userId, quantity.
local sale, buyers, purchases = KEYS[1], KEYS[2], KEYS[3]
if redis.call('EXISTS', sale) == 0 then
    return 0 -- the counter was lost: it is armed again from the database, where the units are back already
end
local known = redis.call('HGET', purchases, ARGV[1])
if not known or string.find(known, '#released', 1, true) then
    return 0
end
redis.call('HSET', purchases, ARGV[1], known .. '#released')
redis.call('HINCRBY', sale, 'left', tonumber(ARGV[3]))
redis.call('HINCRBY', buyers, ARGV[2], -tonumber(ARGV[3]))
return 1
