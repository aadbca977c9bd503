-- Admits one purchase of a flash sale, or says why not, in one step: nothing else runs in Redis meanwhile, so two
-- buyers never take the same unit and nobody passes the per-user limit.
-- KEYS: the sale's counter (hash: startsAt, endsAt, left, perUserLimit, seq), its buyers (user -> units held),
--       its purchases (purchaseId -> "seq#fingerprint", "#released" appended once a failed one gave its units back),
--       the admissions not yet recorded in MySQL (sorted set: purchaseId scored by admission time; see sweep.lua)
-- ARGV: now (epoch ms), purchaseId, userId, quantity, fingerprint (userId|quantity|redeemPoints), how long the
--       buyers and purchases are kept after the sale ends (ms)
-- Returns {verdict} or {verdict, seq}.
local sale, buyers, purchases, unrecorded = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now, purchaseId, userId, quantity, fingerprint = tonumber(ARGV[1]), ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]

if redis.call('EXISTS', sale) == 0 then
    return {'NO_COUNTER'}
end
-- the same Idempotency-Key again: the same purchase, never a second one
local known = redis.call('HGET', purchases, purchaseId)
if known then
    local seq, knownFingerprint = string.match(known, '^(%d+)#([^#]*)')
    if knownFingerprint ~= fingerprint then
        return {'KEY_REUSED'}
    end
    return {'DUPLICATE', seq}
end

local terms = redis.call('HMGET', sale, 'startsAt', 'endsAt', 'left', 'perUserLimit')
if now < tonumber(terms[1]) then
    return {'NOT_STARTED'}
end
if now >= tonumber(terms[2]) then
    return {'ENDED'}
end
if tonumber(terms[3]) < quantity then
    return {'SOLD_OUT'}
end
if tonumber(redis.call('HGET', buyers, userId) or '0') + quantity > tonumber(terms[4]) then
    return {'LIMIT_REACHED'}
end

redis.call('HINCRBY', sale, 'left', -quantity)
redis.call('HINCRBY', buyers, userId, quantity)
local seq = redis.call('HINCRBY', sale, 'seq', 1)
redis.call('HSET', purchases, purchaseId, seq .. '#' .. fingerprint)
redis.call('ZADD', unrecorded, now, purchaseId)
local keepUntil = tonumber(terms[2]) + tonumber(ARGV[6])
for _, key in ipairs({buyers, purchases, unrecorded}) do
    redis.call('PEXPIREAT', key, keepUntil)
end
return {'ADMITTED', tostring(seq)}
