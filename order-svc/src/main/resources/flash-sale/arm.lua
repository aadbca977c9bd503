-- Arms a sale's counter from the database's record — when the sale is created, and when Redis lost it (restarted
-- empty) — unless it is armed already (then another instance was first, and admissions may have run since).
-- KEYS: as admit.lua.
-- ARGV: units, left, startsAt, endsAt (epoch ms), perUserLimit, seq (the last admission's), keepUntil (epoch ms),
--       the number of purchases n, then n pairs (purchaseId, record), then pairs (userId, units held).
local sale, buyers, purchases, unrecorded = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
if redis.call('EXISTS', sale) == 1 then
    return 0
end
redis.call('DEL', buyers, purchases, unrecorded)
redis.call('HSET', sale, 'units', ARGV[1], 'left', ARGV[2], 'startsAt', ARGV[3], 'endsAt', ARGV[4],
        'perUserLimit', ARGV[5], 'seq', ARGV[6])
local i = 9
for _ = 1, tonumber(ARGV[8]) do
    redis.call('HSET', purchases, ARGV[i], ARGV[i + 1])
    i = i + 2
end
while i < #ARGV do
    redis.call('HSET', buyers, ARGV[i], ARGV[i + 1])
    i = i + 2
end
for _, key in ipairs({sale, buyers, purchases}) do
    redis.call('PEXPIREAT', key, ARGV[7])
end
return 1
