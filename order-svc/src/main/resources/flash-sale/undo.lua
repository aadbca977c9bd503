-- Gives back what admit.lua took for a purchase that was then not recorded (the database refused it, or the queue
-- could not take it) — only if that admission is still the one on record, so that two undoes never give back twice.
-- KEYS: as admit.lua. ARGV: purchaseId, the record admit.lua wrote ("seq#fingerprint"), userId, quantity.
local sale, buyers, purchases, unrecorded = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
if redis.call('EXISTS', sale) == 0 or redis.call('HGET', purchases, ARGV[1]) ~= ARGV[2] then
    return 0
end
redis.call('HDEL', purchases, ARGV[1])
redis.call('ZREM', unrecorded, ARGV[1])
redis.call('HINCRBY', sale, 'left', tonumber(ARGV[4]))
redis.call('HINCRBY', buyers, ARGV[3], -tonumber(ARGV[4]))
return 1
