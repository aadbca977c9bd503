package dev.orderplatform.order.flashsale;

import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.order.domain.FlashPurchase;
import dev.orderplatform.order.domain.FlashSale;
import dev.orderplatform.order.domain.FlashSaleState;
import dev.orderplatform.order.flashsale.FlashSaleCounters.Admission;
import dev.orderplatform.order.flashsale.FlashSaleCounters.Verdict;
import dev.orderplatform.order.store.FlashPurchaseStore;
import dev.orderplatform.order.store.FlashPurchaseStore.Recorded;
import dev.orderplatform.order.store.FlashSaleStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Admission to a flash sale ({@code POST /api/flash-sales/{saleId}/purchases}) and reading a purchase.
 *
 * <p>The Redis script ({@link FlashSaleCounters}) admits or refuses at once; every refusal ends there, without the
 * database or the broker. An admitted purchase is then recorded and queued in one step ({@link FlashPurchaseQueue});
 * if the database's own count refuses it after all (Redis was rebuilt while admissions ran) or the queue cannot
 * take it, the units go back to the Redis counter and the buyer is told so. The purchase id comes from the sale and
 * the Idempotency-Key, so a gateway's retry finds the same purchase instead of buying twice.
 */
@Component
public class FlashPurchases {

    private static final Logger log = LoggerFactory.getLogger(FlashPurchases.class);

    /** Test-only fault point: Redis admitted the purchase, MySQL and the broker not asked yet (as if the process died). */
    static final String ADMITTED = "flash-purchase/ADMITTED";

    /** What a buyer asks for. */
    public record Wanted(String userId, int quantity, long redeemPoints) {
    }

    /** An admitted purchase (perhaps finished by now, for a retry) and its place in the queue (0 once finished). */
    public record Admitted(FlashPurchase purchase, long position) {
    }

    private final FlashSaleStore sales;
    private final FlashPurchaseStore purchases;
    private final FlashSaleCounters counters;
    private final FlashPurchaseQueue queue;
    private final MeterRegistry meters;
    private final FaultHooks faults;
    private final Clock clock;

    public FlashPurchases(FlashSaleStore sales, FlashPurchaseStore purchases, FlashSaleCounters counters,
                          FlashPurchaseQueue queue, MeterRegistry meters, FaultHooks faults, Clock clock) {
        this.sales = sales;
        this.purchases = purchases;
        this.counters = counters;
        this.queue = queue;
        this.meters = meters;
        this.faults = faults;
        this.clock = clock;
    }

    /** The same sale and Idempotency-Key always name the same purchase. */
    static String purchaseIdOf(String saleId, String idempotencyKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((saleId + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
            return "fp-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Admits the purchase (202) or refuses it with a problem; see docs/api.md for each answer. */
    public Admitted admit(String saleId, String idempotencyKey, Wanted wanted) {
        Instant now = clock.instant();
        // its place and order id are known once Redis admits it: nothing more is made for the many it refuses
        FlashPurchase purchase = FlashPurchase.queued(purchaseIdOf(saleId, idempotencyKey), saleId, wanted.userId(),
                wanted.quantity(), wanted.redeemPoints(), 0, null, now);
        Admission admission = admitInRedis(purchase, now);
        meters.counter("flash.purchases.admission", "verdict", admission.verdict().name()).increment();
        switch (admission.verdict()) {
            case ADMITTED, DUPLICATE -> {
                return record(purchase, admission);
            }
            case SOLD_OUT -> throw soldOut(saleId);
            case LIMIT_REACHED -> throw new ApiException(HttpStatus.CONFLICT, FlashSaleProblems.LIMIT_REACHED,
                    "Limit reached", "Your purchases in sale " + saleId + " already hold its per-user limit");
            case NOT_STARTED -> throw new ApiException(HttpStatus.CONFLICT, FlashSaleProblems.SALE_NOT_OPEN,
                    "Sale not open", "Sale " + saleId + " has not started");
            case ENDED -> throw ended(saleId);
            case KEY_REUSED -> throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, Problems.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency-Key reused", "This Idempotency-Key was already used with a different request body.");
            default -> throw paused(saleId, "its counter is being armed");
        }
    }

    /** The script's verdict; a counter Redis does not have (lost, or never armed) is armed from the database first. */
    private Admission admitInRedis(FlashPurchase purchase, Instant now) {
        try {
            Admission admission = counters.admit(purchase, now);
            if (admission.verdict() != Verdict.NO_COUNTER) {
                return admission;
            }
            FlashSale sale = sales.find(purchase.saleId()).filter(found -> found.state().visible())
                    .orElseThrow(() -> Problems.notFound("Flash sale", purchase.saleId()));
            if (sale.state() != FlashSaleState.ACTIVE) {
                throw ended(sale.saleId());
            }
            log.info("Arming the counter of flash sale {} from the database", sale.saleId());
            counters.arm(sale, purchases.ofSale(sale.saleId()));
            return counters.admit(purchase, now);
        } catch (DataAccessException redisOrDatabaseDown) {
            log.warn("Admission to flash sale {} paused: {}", purchase.saleId(), redisOrDatabaseDown.toString());
            throw paused(purchase.saleId(), "its counter cannot be reached");
        }
    }

    /** Records and queues what Redis admitted; answers the purchase as recorded (by this request or an earlier one). */
    private Admitted record(FlashPurchase unrecorded, Admission admission) {
        FlashPurchase purchase = admittedAs(unrecorded, admission.seq());
        if (admission.verdict() == Verdict.DUPLICATE) {
            Optional<FlashPurchase> earlier = purchases.find(purchase.purchaseId());
            if (earlier.isPresent()) {
                return admitted(earlier.get());
            }
            // the first request died between Redis and the database, or is still at it: record it now (once)
        }
        faults.at(ADMITTED);
        Recorded recorded;
        try {
            recorded = queue.enqueue(purchase);
        } catch (FlashPurchaseQueue.QueueUnavailableException unavailable) {
            log.warn("Admitted purchase {} not queued: {}", purchase.purchaseId(), unavailable.toString());
            if (!unavailable.recordedMaybe()) {
                undo(purchase, admission);
            }
            throw paused(purchase.saleId(), "the purchase queue is unavailable");
        }
        if (recorded == Recorded.QUEUED || recorded == Recorded.ALREADY) {
            markRecorded(purchase);
        }
        return switch (recorded) {
            case QUEUED -> new Admitted(purchase, purchases.position(purchase));
            case ALREADY -> {
                if (admission.verdict() == Verdict.ADMITTED) {
                    undo(purchase, admission); // Redis had forgotten it: what it took now is not held by anyone
                }
                yield admitted(purchases.find(purchase.purchaseId()).orElseThrow());
            }
            case SOLD_OUT -> {
                undo(purchase, admission);
                throw soldOut(purchase.saleId());
            }
            case LIMIT_REACHED -> {
                undo(purchase, admission);
                throw new ApiException(HttpStatus.CONFLICT, FlashSaleProblems.LIMIT_REACHED, "Limit reached",
                        "Your purchases in sale " + purchase.saleId() + " already hold its per-user limit");
            }
        };
    }

    private void markRecorded(FlashPurchase purchase) {
        try {
            counters.recorded(purchase);
        } catch (DataAccessException redisDown) {
            // the sweep finds the record in MySQL and leaves the units alone
            log.debug("Recorded purchase {} not marked in Redis: {}", purchase.purchaseId(), redisDown.toString());
        }
    }

    private void undo(FlashPurchase purchase, Admission admission) {
        try {
            counters.undo(purchase, admission);
        } catch (DataAccessException redisDown) {
            // its counter is then rebuilt from the database, which does not count this purchase
            log.warn("Units of unrecorded purchase {} not given back to the counter: {}", purchase.purchaseId(),
                    redisDown.toString());
        }
    }

    private Admitted admitted(FlashPurchase purchase) {
        return new Admitted(purchase, purchases.position(purchase));
    }

    /** The admitted purchase: its place among the sale's admissions, and the id its order will have. */
    private static FlashPurchase admittedAs(FlashPurchase purchase, long seq) {
        return FlashPurchase.queued(purchase.purchaseId(), purchase.saleId(), purchase.userId(), purchase.quantity(),
                purchase.redeemPoints(), seq, Identifiers.newId("ord"), purchase.admittedAt());
    }

    /** A purchase of the sale as its buyer sees it (none for another sale's purchase). */
    public Optional<Admitted> show(String saleId, String purchaseId) {
        return show(purchaseId).filter(admitted -> admitted.purchase().saleId().equals(saleId));
    }

    public Optional<Admitted> show(String purchaseId) {
        return purchases.find(purchaseId).map(this::admitted);
    }

    private static ApiException soldOut(String saleId) {
        return new ApiException(HttpStatus.CONFLICT, FlashSaleProblems.SOLD_OUT, "Sold out",
                "Every unit of sale " + saleId + " is taken; a unit may come back if an order is refused");
    }

    private static ApiException ended(String saleId) {
        return new ApiException(HttpStatus.GONE, FlashSaleProblems.SALE_ENDED, "Sale ended", "Sale " + saleId + " has ended");
    }

    private static ApiException paused(String saleId, String why) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, Problems.SERVICE_UNAVAILABLE, "Admission paused",
                "Admission to sale " + saleId + " is paused: " + why + "; retry with the same Idempotency-Key",
                Map.of(), Map.of("Retry-After", "1"));
    }
}
