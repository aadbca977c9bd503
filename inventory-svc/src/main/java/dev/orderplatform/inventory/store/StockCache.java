package dev.orderplatform.inventory.store;

import dev.orderplatform.inventory.domain.StockLevel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The stock cache in Redis: one hash per SKU ({@code stock:<sku>}) holding the state and the version it had in
 * the database. Every write goes through one Lua script that compares versions and writes only a newer one, so
 * a duplicate, a message that overtook another, or a reader filling a miss can never move an entry backwards.
 */
@Component
public class StockCache {

    private static final RedisScript<Long> WRITE_IF_NEWER = RedisScript.of("""
            local cached = redis.call('HGET', KEYS[1], 'version')
            if cached and tonumber(cached) >= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('HSET', KEYS[1], 'version', ARGV[1], 'priceCents', ARGV[2], 'available', ARGV[3],
                       'reserved', ARGV[4], 'sold', ARGV[5])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;

    public StockCache(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public static String key(String sku) {
        return "stock:" + sku;
    }

    /** Writes the level if it is newer than the cached one; {@code true} if it was written. */
    public boolean offer(StockLevel level) {
        Long written = redis.execute(WRITE_IF_NEWER, List.of(key(level.sku())), Long.toString(level.version()),
                Long.toString(level.priceCents()), Long.toString(level.available()), Long.toString(level.reserved()),
                Long.toString(level.sold()));
        return written != null && written == 1L;
    }

    public Optional<StockLevel> find(String sku) {
        Map<Object, Object> hash = redis.opsForHash().entries(key(sku));
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StockLevel(sku, number(hash, "priceCents"), number(hash, "available"),
                number(hash, "reserved"), number(hash, "sold"), number(hash, "version")));
    }

    private static long number(Map<Object, Object> hash, String field) {
        Object value = hash.get(field);
        if (value == null) {
            throw new IllegalStateException("cached stock entry without " + field);
        }
        return Long.parseLong(value.toString());
    }
}
