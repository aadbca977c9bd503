package dev.orderplatform.order.flashsale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.order.domain.FlashPurchase;
import dev.orderplatform.order.domain.FlashPurchaseStatus;
import dev.orderplatform.order.domain.FlashSale;
import dev.orderplatform.order.domain.FlashSaleState;
import dev.orderplatform.order.flashsale.FlashSaleCounters.Admission;
import dev.orderplatform.order.flashsale.FlashSaleCounters.Verdict;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.embedded.RedisServer;

/**
 * The flash-sale scripts (resources/flash-sale/*.lua) against a real redis-server — the binary ./stack runs, in its
 * own process: every verdict of admission, the undo/release/sweep give-backs happening once, and a counter armed
 * from the database's record. A crowd of concurrent admissions never takes more than the units.
 */
class FlashSaleCountersTest {

    /** Now: Redis expires a sale's keys a day after its end by its own clock. */
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Instant OPEN = START.plusSeconds(30);

    private static RedisServer redis;
    private static LettuceConnectionFactory connections;
    private static FlashSaleCounters counters;

    @BeforeAll
    static void startRedis() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        redis = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").build();
        redis.start();
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        connections.afterPropertiesSet();
        StringRedisTemplate template = new StringRedisTemplate(connections);
        template.afterPropertiesSet();
        counters = new FlashSaleCounters(template);
    }

    @AfterAll
    static void stopRedis() throws IOException {
        connections.destroy();
        redis.stop();
    }

    private static FlashSale sale(long units, int perUserLimit) {
        return new FlashSale("fs-" + UUID.randomUUID(), "SKU", units, 100, START, START.plusSeconds(3600), perUserLimit,
                FlashSaleState.ACTIVE, 0, null);
    }

    private static FlashPurchase wanted(FlashSale sale, String user, int quantity) {
        return FlashPurchase.queued("fp-" + UUID.randomUUID(), sale.saleId(), user, quantity, 0, 0, "ord-x", OPEN);
    }

    @Test
    void admitsWithinTheWindowTheLimitAndTheUnitsAndSaysWhyNotOtherwise() {
        FlashSale sale = sale(3, 2);
        FlashPurchase first = wanted(sale, "ann", 1);
        assertThat(counters.admit(first, OPEN).verdict()).as("no counter yet").isEqualTo(Verdict.NO_COUNTER);
        counters.arm(sale, List.of());

        assertThat(counters.admit(first, START.minusMillis(1)).verdict()).isEqualTo(Verdict.NOT_STARTED);
        Admission admitted = counters.admit(first, OPEN);
        assertThat(admitted).isEqualTo(new Admission(Verdict.ADMITTED, 1));
        assertThat(counters.admit(first, OPEN)).as("the same purchase again").isEqualTo(new Admission(Verdict.DUPLICATE, 1));
        FlashPurchase sameKeyOtherBody = FlashPurchase.queued(first.purchaseId(), sale.saleId(), "ann", 2, 0, 0, "ord-x", OPEN);
        assertThat(counters.admit(sameKeyOtherBody, OPEN).verdict()).isEqualTo(Verdict.KEY_REUSED);
        assertThat(counters.admit(wanted(sale, "ann", 2), OPEN).verdict()).as("ann holds 1 of her 2").isEqualTo(Verdict.LIMIT_REACHED);
        assertThat(counters.admit(wanted(sale, "bob", 2), OPEN)).isEqualTo(new Admission(Verdict.ADMITTED, 2));
        assertThat(counters.admit(wanted(sale, "cat", 1), OPEN).verdict()).isEqualTo(Verdict.SOLD_OUT);
        assertThat(counters.admit(wanted(sale, "cat", 1), sale.endsAt()).verdict()).isEqualTo(Verdict.ENDED);
        assertThat(counters.left(sale.saleId())).contains(0L);
    }

    @Test
    void whatWasTakenComesBackOnceWhateverGivesItBack() {
        FlashSale sale = sale(2, 1);
        counters.arm(sale, List.of());
        FlashPurchase unrecorded = wanted(sale, "ann", 1);
        Admission taken = counters.admit(unrecorded, OPEN);
        counters.undo(unrecorded, taken);
        counters.undo(unrecorded, taken);
        assertThat(counters.left(sale.saleId())).as("undone once").contains(2L);

        FlashPurchase failed = wanted(sale, "bob", 1);
        counters.admit(failed, OPEN);
        counters.release(failed);
        counters.release(failed);
        assertThat(counters.left(sale.saleId())).as("released once").contains(2L);
        assertThat(counters.admit(failed, OPEN).verdict()).as("its key still names the failed purchase")
                .isEqualTo(Verdict.DUPLICATE);
        assertThat(counters.admit(wanted(sale, "bob", 1), OPEN).verdict()).as("bob's limit is free again")
                .isEqualTo(Verdict.ADMITTED);

        FlashPurchase lost = wanted(sale, "cat", 1);
        counters.admit(lost, OPEN);
        assertThat(counters.unrecordedBefore(sale.saleId(), OPEN)).contains(lost.purchaseId());
        assertThat(counters.sweep(sale.saleId(), lost.purchaseId())).isTrue();
        assertThat(counters.sweep(sale.saleId(), lost.purchaseId())).as("swept once").isFalse();
        assertThat(counters.unrecordedBefore(sale.saleId(), OPEN)).doesNotContain(lost.purchaseId());
        assertThat(counters.left(sale.saleId())).contains(1L);
    }

    @Test
    void aCounterLostWithRedisIsArmedFromTheRecordNotFromTheUnits() {
        FlashSale sale = sale(5, 2);
        FlashPurchase paid = FlashPurchase.queued("fp-paid-" + UUID.randomUUID(), sale.saleId(), "ann", 2, 0, 4, "ord-1", OPEN);
        FlashPurchase failed = new FlashPurchase("fp-failed-" + UUID.randomUUID(), sale.saleId(), "bob", 1, 0, 7, "ord-2", 1,
                FlashPurchaseStatus.FAILED, null, OPEN, OPEN, 2);
        counters.arm(sale, List.of(paid, failed));
        counters.arm(sale, List.of()); // armed already: another instance was first, nothing is reset

        assertThat(counters.left(sale.saleId())).as("5 units less ann's 2; bob's failed one holds none").contains(3L);
        assertThat(counters.admit(paid, OPEN)).as("a retried key finds its purchase").isEqualTo(new Admission(Verdict.DUPLICATE, 4));
        assertThat(counters.admit(wanted(sale, "ann", 1), OPEN).verdict()).isEqualTo(Verdict.LIMIT_REACHED);
        assertThat(counters.admit(wanted(sale, "bob", 2), OPEN)).as("numbering goes on after the last admission")
                .isEqualTo(new Admission(Verdict.ADMITTED, 8));
    }

    @Test
    void aCrowdAtOnceTakesExactlyTheUnits() throws Exception {
        FlashSale sale = sale(50, 1);
        counters.arm(sale, List.of());
        ExecutorService crowd = Executors.newFixedThreadPool(16);
        List<Future<Verdict>> verdicts = new ArrayList<>();
        for (int buyer = 0; buyer < 400; buyer++) {
            FlashPurchase purchase = wanted(sale, "buyer-" + buyer, 1);
            verdicts.add(crowd.submit(() -> counters.admit(purchase, OPEN).verdict()));
        }
        long admitted = 0;
        for (Future<Verdict> verdict : verdicts) {
            if (verdict.get() == Verdict.ADMITTED) {
                admitted++;
            }
        }
        crowd.shutdown();
        assertThat(admitted).isEqualTo(50);
        assertThat(counters.left(sale.saleId())).contains(0L);
    }
}
