package dev.orderplatform.stacktests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.FaultReport;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.Invariants.Row;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Flash sales under faults (issue: flash sales, item 5): an admission whose process dies before it is recorded, Redis
 * killed mid-sale and restarted empty, purchases delivered twice, an order failing for a passing reason. Each test
 * ends with the invariants: per sale, the units its purchases hold never pass its units, each buyer within the limit,
 * sold == the paid purchases', every purchase finished; per SKU and ledger as everywhere. The faults that cost a
 * process restart share theirs with the other tests of that fault: an order-svc instance killed mid-sale in
 * {@link ProcessFaultIT}, the broker killed under admissions in {@link StockMessagesFaultIT}.
 */
class FlashSaleFaultIT {

    private static final Duration SETTLE = Duration.ofMinutes(3);

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("ff");
    private final Invariants invariants = new Invariants(stack, data.prefix());
    private final FlashSaleCalls sales = new FlashSaleCalls(stack, api, invariants);

    @AfterEach
    void invariantsHold() {
        api.clearFaults("order-svc");
        api.clearFaults("inventory-svc");
        invariants.awaitSettledAndAssertAll(SETTLE);
    }

    /**
     * The units Redis took for an admission whose process died before MySQL recorded it (the buyer got no 202) come
     * back to the sale after {@code unrecorded-after} (5 s on this stack); the buyer's retry is admitted afresh.
     */
    @Test
    void unitsTakenByAnAdmissionThatWasNeverRecordedComeBack() {
        String sku = data.sku("GPU");
        assertThat(api.restock(sku, 80_000, 5).status()).isEqualTo(201);
        String buyer = data.user("gamer");
        assertThat(api.topUp(buyer, 100_000).status()).isEqualTo(201);
        String saleId = openSale(sku, 1);

        api.failNext("order-svc", "flash-purchase/ADMITTED", 1);
        String key = TestData.key();
        long started = System.nanoTime();
        Answer died = sales.buyOne(saleId, key, buyer);
        assertThat(died.status()).as("the admitting process 'died': %s", died).isGreaterThanOrEqualTo(500);
        assertThat(sales.unitsLeft(saleId)).as("Redis took the unit").isZero();
        assertThat(invariants.flashPurchases()).as("nothing recorded, nothing queued").isEmpty();

        api.clearFaults("order-svc"); // the fault was armed on both instances; the retry must not meet the other one
        Awaitility.await("the unit back in the sale").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> sales.unitsLeft(saleId) == 1);
        long gaveBack = System.nanoTime() - started;
        Answer retried = sales.buyOne(saleId, key, buyer);
        assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
        sales.awaitFinished(retried.header("Location"), "PAID");
        assertThat(invariants.flashPurchases()).singleElement().satisfies(row -> assertThat(row.s("status")).isEqualTo("PAID"));
        FaultReport.record("flash-sale admission dies between Redis and MySQL", Duration.ofNanos(gaveBack),
                "unit back in the sale, the retry admitted and paid");
    }

    /**
     * Redis killed mid-sale and restarted empty: admission answers 503 while it is down, then arms the counter again
     * from MySQL before it admits — the units purchases hold stay taken, a buyer at the limit stays at it, a retried
     * key finds its purchase — and the rest of the units sell, never more.
     */
    @Test
    void redisRestartedEmptyMidSaleIsArmedAgainFromTheDatabase() {
        String sku = data.sku("BAG");
        assertThat(api.restock(sku, 5_000, 10).status()).isEqualTo(201);
        List<String> buyers = List.of(data.user("r1"), data.user("r2"), data.user("r3"), data.user("r4"), data.user("r5"));
        buyers.forEach(buyer -> assertThat(api.topUp(buyer, 100_000).status()).isEqualTo(201));
        String saleId = openSale(sku, 3);
        String firstKey = TestData.key();
        Answer first = sales.buyOne(saleId, firstKey, buyers.get(0));
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        sales.awaitFinished(first.header("Location"), "PAID");

        long started = System.nanoTime();
        stack.kill9("redis");
        try {
            Answer whileDown = sales.buyOne(saleId, TestData.key(), buyers.get(1));
            assertThat(whileDown.status()).as("admission pauses while Redis is down: %s", whileDown).isEqualTo(503);
        } finally {
            stack.restartStopped();
        }
        assertThat(stack.redis().exists("flash-sale:" + saleId)).as("Redis came back empty").isZero();

        Answer again = sales.buyOne(saleId, firstKey, buyers.get(0));
        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        assertThat(again.body().path("purchaseId").asText()).as("the retried key finds its purchase")
                .isEqualTo(first.body().path("purchaseId").asText());
        assertThat(again.body().path("status").asText()).isEqualTo("PAID");
        Answer overLimit = sales.buyOne(saleId, TestData.key(), buyers.get(0));
        assertThat(overLimit.body().path("type").asText()).as(overLimit.toString()).isEqualTo("limit-reached");
        assertThat(sales.unitsLeft(saleId)).as("armed from the database: 3 units less the one held").isEqualTo(2);

        List<Answer> rest = buyers.subList(1, 5).stream().map(buyer -> sales.buyOne(saleId, TestData.key(), buyer)).toList();
        assertThat(rest).extracting(Answer::status).containsExactlyInAnyOrder(202, 202, 409, 409);
        for (Answer answer : rest.stream().filter(answer -> answer.status() == 202).toList()) {
            sales.awaitFinished(answer.header("Location"), "PAID");
        }
        assertThat(sales.allocationOf(saleId).l("sold")).isEqualTo(3);
        FaultReport.record("kill -9 Redis mid-flash-sale, restarted empty", Duration.ofNanos(System.nanoTime() - started),
                "counter armed from MySQL; 3 of 3 sold, none twice");
    }

    /**
     * An order refused because a participant failed (not because of the buyer) is followed by another: the purchase
     * keeps its unit and ends PAID; the failed orders are rejected and hold nothing.
     */
    @Test
    void anOrderThatFailsForAPassingReasonIsFollowedByAnotherAndThePurchaseIsPaid() {
        String sku = data.sku("DRONE");
        assertThat(api.restock(sku, 60_000, 3).status()).isEqualTo(201);
        String buyer = data.user("pilot");
        assertThat(api.topUp(buyer, 100_000).status()).isEqualTo(201);
        String saleId = openSale(sku, 1);

        api.failNext("inventory-svc", "reserve-stock/TRY", 1); // one failing Try on each instance
        Answer admitted = sales.buyOne(saleId, TestData.key(), buyer);
        assertThat(admitted.status()).as(admitted.toString()).isEqualTo(202);
        sales.awaitFinished(admitted.header("Location"), "PAID");

        Row purchase = invariants.flashPurchases().get(0);
        assertThat(purchase.l("order_attempts")).as("orders placed for the purchase").isBetween(2L, 3L);
        assertThat(invariants.orders()).extracting(order -> order.s("status") + " " + order.s("reason"))
                .as("the failed orders, then the paid one").hasSize((int) purchase.l("order_attempts"))
                .containsOnlyOnce("PAID null")
                .allSatisfy(outcome -> assertThat(outcome).isIn("PAID null", "REJECTED UNAVAILABLE"));
        assertThat(sales.allocationOf(saleId).l("sold")).isEqualTo(1);
        assertThat(sales.unitsLeft(saleId)).isZero();
    }

    /**
     * Every purchase message delivered again (as after a consumer's acknowledgement is lost): no second order, no
     * unit taken twice.
     */
    @Test
    void purchasesDeliveredTwiceMakeOneOrderEach() throws Exception {
        String sku = data.sku("LENS");
        assertThat(api.restock(sku, 7_000, 4).status()).isEqualTo(201);
        List<String> buyers = List.of(data.user("d1"), data.user("d2"));
        buyers.forEach(buyer -> assertThat(api.topUp(buyer, 100_000).status()).isEqualTo(201));
        String saleId = openSale(sku, 2);
        List<Answer> admitted = buyers.stream().map(buyer -> sales.buyOne(saleId, TestData.key(), buyer)).toList();
        for (Answer answer : admitted) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
            sales.awaitFinished(answer.header("Location"), "PAID");
        }
        double finishedBefore = api.counterSum("order-svc", "flash.purchases.finished", null);

        DefaultMQProducer replay = new DefaultMQProducer("flash-sale-it-replay");
        replay.setNamesrvAddr(stack.rocketMqNameServer());
        replay.setInstanceName("flash-sale-it-" + ProcessHandle.current().pid());
        replay.start();
        try {
            for (Answer answer : admitted) {
                String purchaseId = answer.body().path("purchaseId").asText();
                for (int copy = 0; copy < 2; copy++) {
                    assertThat(replay.send(new Message("flash-purchases", null, purchaseId,
                            purchaseId.getBytes(StandardCharsets.UTF_8))).getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                }
            }
        } finally {
            replay.shutdown();
        }
        // the copies are taken from the queue (its consumers' offsets move past them) and change nothing
        Awaitility.await("copies consumed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> consumedCopies() >= 4);
        assertThat(api.counterSum("order-svc", "flash.purchases.finished", null)).isEqualTo(finishedBefore);
        assertThat(invariants.orders()).as("one order per purchase").hasSize(2);
        assertThat(invariants.flashPurchases()).allSatisfy(row -> assertThat(row.s("status")).isEqualTo("PAID"));
        assertThat(sales.allocationOf(saleId).l("sold")).isEqualTo(2);
    }

    private double consumedCopies() {
        return api.counterSum("order-svc", "flash.purchases.redelivered", null);
    }

    private String openSale(String sku, long units) {
        return sales.openSale(sku, units, 2_500, 120, 1);
    }
}
