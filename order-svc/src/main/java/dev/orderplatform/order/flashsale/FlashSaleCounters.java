package dev.orderplatform.order.flashsale;

import dev.orderplatform.order.domain.FlashPurchase;
import dev.orderplatform.order.domain.FlashPurchaseStatus;
import dev.orderplatform.order.domain.FlashSale;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Each sale's counter in Redis, which admission reads and takes from in one script, at the speed of Redis: the hash
 * {@code flash-sale:{saleId}} (its terms, {@code left} — the units not held by a purchase — and {@code seq}), and
 * beside it the units each buyer holds, the purchases admitted (so a retried request finds its purchase) and the
 * admissions not yet recorded in MySQL (so that units taken by a process that died before recording them come back:
 * {@link #sweep}). The scripts are in {@code resources/flash-sale/}. The database stays the record: a counter lost
 * with Redis is armed again from it ({@link #arm}).
 */
@Component
public class FlashSaleCounters {

    /** What the admission script decided. */
    public enum Verdict {
        ADMITTED, DUPLICATE, KEY_REUSED, NOT_STARTED, ENDED, SOLD_OUT, LIMIT_REACHED, NO_COUNTER
    }

    /** The script's answer; {@code seq} is the purchase's place in the sale's admissions (ADMITTED, DUPLICATE). */
    public record Admission(Verdict verdict, long seq) {

        /** What admit.lua recorded for the purchase, which an undo must find unchanged. */
        String record(String fingerprint) {
            return seq + "#" + fingerprint;
        }
    }

    static final String LEFT = "left";
    /** Kept a day past the sale's end, so that late readers and retries still find it; then Redis forgets it. */
    private static final Duration KEEP_AFTER_END = Duration.ofDays(1);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ADMIT = script("admit", List.class);
    private static final RedisScript<Long> UNDO = script("undo", Long.class);
    private static final RedisScript<Long> RELEASE = script("release", Long.class);
    private static final RedisScript<Long> ARM = script("arm", Long.class);
    private static final RedisScript<Long> SWEEP = script("sweep", Long.class);

    private final StringRedisTemplate redis;

    public FlashSaleCounters(StringRedisTemplate redis) {
        this.redis = redis;
    }

    private static <T> RedisScript<T> script(String name, Class<T> result) {
        return RedisScript.of(new ClassPathResource("flash-sale/" + name + ".lua"), result);
    }

    private static List<String> keys(String saleId) {
        String sale = "flash-sale:" + saleId;
        return List.of(sale, sale + ":buyers", sale + ":purchases", sale + ":unrecorded");
    }

    /** Admits the purchase or says why not (see admit.lua). */
    public Admission admit(FlashPurchase wanted, Instant now) {
        List<?> answer = redis.execute(ADMIT, keys(wanted.saleId()), Long.toString(now.toEpochMilli()), wanted.purchaseId(),
                wanted.userId(), Integer.toString(wanted.quantity()), wanted.fingerprint(),
                Long.toString(KEEP_AFTER_END.toMillis()));
        Verdict verdict = Verdict.valueOf(String.valueOf(answer.get(0)));
        return new Admission(verdict, answer.size() > 1 ? Long.parseLong(String.valueOf(answer.get(1))) : 0);
    }

    /** Gives back what {@code admission} took for a purchase that was not recorded after all (see undo.lua). */
    public void undo(FlashPurchase wanted, Admission admission) {
        redis.execute(UNDO, keys(wanted.saleId()), wanted.purchaseId(), admission.record(wanted.fingerprint()),
                wanted.userId(), Integer.toString(wanted.quantity()));
    }

    /** The admission is recorded in MySQL: nothing for {@link #sweep} to give back. */
    public void recorded(FlashPurchase purchase) {
        redis.opsForZSet().remove(keys(purchase.saleId()).get(3), purchase.purchaseId());
    }

    /** Admissions of the sale made before {@code before} and not (yet) known to be recorded in MySQL. */
    public List<String> unrecordedBefore(String saleId, Instant before) {
        Set<String> ids = redis.opsForZSet().rangeByScore(keys(saleId).get(3), 0, before.toEpochMilli());
        return ids == null ? List.of() : List.copyOf(ids);
    }

    /** Gives back the units of an admission MySQL has no record of (see sweep.lua). True if any came back. */
    public boolean sweep(String saleId, String purchaseId) {
        return Long.valueOf(1).equals(redis.execute(SWEEP, keys(saleId), purchaseId));
    }

    /** A failed purchase's units, back to the sale for another buyer (see release.lua). */
    public void release(FlashPurchase failed) {
        redis.execute(RELEASE, keys(failed.saleId()), failed.purchaseId(), failed.userId(),
                Integer.toString(failed.quantity()));
    }

    /**
     * Arms the sale's counter from its record in the database, unless it is armed: the units no purchase holds
     * (a failed purchase holds none), the last admission's place, every purchase and the units each buyer holds.
     * Purchases still being recorded when the record was read are not in it; the database's own count (a guarded
     * update) refuses them if they would oversell.
     */
    public void arm(FlashSale sale, List<FlashPurchase> purchases) {
        long held = 0;
        long seq = 0;
        List<String> recorded = new ArrayList<>();
        Map<String, Long> buyers = new TreeMap<>();
        for (FlashPurchase purchase : purchases) {
            boolean holds = purchase.status() != FlashPurchaseStatus.FAILED;
            seq = Math.max(seq, purchase.seq());
            recorded.add(purchase.purchaseId());
            recorded.add(purchase.seq() + "#" + purchase.fingerprint() + (holds ? "" : "#released"));
            if (holds) {
                held += purchase.quantity();
                buyers.merge(purchase.userId(), (long) purchase.quantity(), Long::sum);
            }
        }
        List<String> args = new ArrayList<>(List.of(Long.toString(sale.units()), Long.toString(sale.units() - held),
                Long.toString(sale.startsAt().toEpochMilli()), Long.toString(sale.endsAt().toEpochMilli()),
                Integer.toString(sale.perUserLimit()), Long.toString(seq),
                Long.toString(sale.endsAt().plus(KEEP_AFTER_END).toEpochMilli()), Integer.toString(purchases.size())));
        args.addAll(recorded);
        buyers.forEach((user, units) -> {
            args.add(user);
            args.add(Long.toString(units));
        });
        redis.execute(ARM, keys(sale.saleId()), args.toArray());
    }

    /** The units left, if Redis holds the sale's counter. */
    public Optional<Long> left(String saleId) {
        Object left = redis.opsForHash().get(keys(saleId).get(0), LEFT);
        return Optional.ofNullable(left).map(value -> Long.parseLong(value.toString()));
    }
}
