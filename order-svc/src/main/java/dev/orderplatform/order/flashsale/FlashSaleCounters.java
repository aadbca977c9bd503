package dev.orderplatform.order.flashsale;

import dev.orderplatform.order.domain.FlashSale;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Each sale's counter in Redis — the hash {@code flash-sale:{saleId}}: its terms and {@code left}, the units not yet
 * taken — which admission reads and takes from in one script, at the speed of Redis. The database stays the record:
 * a counter lost with Redis is armed again from it.
 */
@Component
public class FlashSaleCounters {

    static final String LEFT = "left";
    /** Kept a day past the sale's end, so that late readers still find it; then Redis forgets it. */
    private static final Duration KEEP_AFTER_END = Duration.ofDays(1);

    private final StringRedisTemplate redis;

    public FlashSaleCounters(StringRedisTemplate redis) {
        this.redis = redis;
    }

    static String key(String saleId) {
        return "flash-sale:" + saleId;
    }

    /** Arms the counter with {@code left} units. */
    public void arm(FlashSale sale, long left) {
        String key = key(sale.saleId());
        redis.opsForHash().putAll(key, Map.of(
                "units", Long.toString(sale.units()),
                LEFT, Long.toString(left),
                "startsAt", Long.toString(sale.startsAt().toEpochMilli()),
                "endsAt", Long.toString(sale.endsAt().toEpochMilli()),
                "perUserLimit", Integer.toString(sale.perUserLimit())));
        redis.expireAt(key, sale.endsAt().plus(KEEP_AFTER_END));
    }

    /** The units left, if Redis holds the sale's counter. */
    public Optional<Long> left(String saleId) {
        Object left = redis.opsForHash().get(key(saleId), LEFT);
        return Optional.ofNullable(left).map(value -> Long.parseLong(value.toString()));
    }

    /** Nothing is left once the sale is closed. */
    public void closed(FlashSale sale) {
        redis.opsForHash().put(key(sale.saleId()), LEFT, "0");
        redis.expireAt(key(sale.saleId()), Instant.now().plus(KEEP_AFTER_END));
    }
}
