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

    /**
     * Writes the state if its version is newer than the cached one. ARGV[6] says what to do without an entry:
     * {@code create} it (a reader filling a miss, a repair: their state comes from the database), or leave it and
     * answer -1 (a message: after Redis lost its data — a restart, an eviction — a redelivered old message would
     * install an old version as if it were new, and nothing newer might ever come to correct it).
     */
    private static final RedisScript<Long> WRITE_IF_NEWER = RedisScript.of("""
            local cached = redis.call('HGET', KEYS[1], 'version')
            if not cached then
              if ARGV[6] ~= 'create' then
                return -1
              end
            elseif tonumber(cached) >= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('HSET', KEYS[1], 'version', ARGV[1], 'priceCents', ARGV[2], 'available', ARGV[3],
                       'reserved', ARGV[4], 'sold', ARGV[5])
            return 1
            """, Long.class);

    /** What became of a stock change message's state offered to the cache. */
    public enum Update {
        /** Newer than the cached entry: written. */
        APPLIED,
        /** Not newer (a duplicate, or a message overtaken by a newer one): nothing written. */
        STALE,
        /** No entry: nothing written; the caller fills it from the database. */
        MISSING
    }

    private final StringRedisTemplate redis;

    public StockCache(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public static String key(String sku) {
        return "stock:" + sku;
    }

    /** Writes the level if it is newer than the cached one; {@code true} if it was written. */
    public boolean offer(StockLevel level) {
        Long written = redis.execute(WRITE_IF_NEWER, List.of(key(level.sku())), args(level, "create"));
        return written != null && written == 1L;
    }

    private static Object[] args(StockLevel level, String withoutEntry) {
        return new Object[] {Long.toString(level.version()), Long.toString(level.priceCents()), Long.toString(level.available()),
                Long.toString(level.reserved()), Long.toString(level.sold()), withoutEntry};
    }

    /** Writes a message's level over the cached entry if it is newer; never creates an entry ({@link Update#MISSING}). */
    public Update update(StockLevel level) {
        Long result = redis.execute(WRITE_IF_NEWER, List.of(key(level.sku())), args(level, "existing"));
        if (result == null || result == 0L) {
            return Update.STALE;
        }
        return result == 1L ? Update.APPLIED : Update.MISSING;
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
