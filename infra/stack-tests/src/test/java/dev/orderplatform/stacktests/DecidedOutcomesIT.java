package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.FaultReport;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.Invariants.Row;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Once a wallet order's global transaction committed, nothing undoes it: not an operator's force-cancel while the TC
 * is still confirming its branches, and not the recovery job rejecting an order whose slow checkout approved it at
 * the same moment. Each scenario is produced on purpose with fault hooks and process kills, and ends with the
 * invariants read from the databases. Runs among the fault tests (it kills processes).
 */
@Order(Integer.MAX_VALUE)
class DecidedOutcomesIT {

    private static final Duration SETTLE = Duration.ofMinutes(3);
    private static final String BEFORE_BEGIN = "wallet-checkout/BEFORE_BEGIN";
    private static final String BEFORE_APPROVE = "wallet-checkout/BEFORE_APPROVE";
    private static final String BEFORE_COMMIT = "wallet-checkout/BEFORE_COMMIT";
    private static final String AFTER_COMMIT = "wallet-checkout/AFTER_COMMIT";
    private static final String RECOVERY_DECIDED = "pending-checkout-recovery/DECIDED";
    private static final String RECOVERY_RECORDED = "pending-checkout-recovery/RECORDED";

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("do");
    private final Invariants invariants = new Invariants(stack, data.prefix());

    @AfterEach
    void bringEverythingBack() {
        List.of(RECOVERY_DECIDED, RECOVERY_RECORDED, BEFORE_BEGIN, BEFORE_APPROVE, BEFORE_COMMIT).forEach(point -> api.release("order-svc", point));
        stack.restartStopped();
        List.of("order-svc", "inventory-svc", "payment-svc", "points-svc").forEach(api::clearFaults);
    }

    /**
     * points-svc dies during phase two: inventory and payment are confirmed, the points freeze is still TRIED, the
     * TC keeps retrying the commit and the order is still pending (the answer to its commit was lost). An operator's
     * force-cancel is refused with 409 and the reason, and changes nothing; once points-svc is back the order ends PAID.
     */
    @Test
    void forceCancelRefusesAnOrderWhoseTransactionIsCommitting() {
        String sku = data.sku("SKU");
        String user = data.user("ann");
        seed(user, sku);
        api.pauseNext("order-svc", RECOVERY_DECIDED); // recovery would settle the order PAID before the operator looks
        api.pauseNext("order-svc", BEFORE_COMMIT);
        api.failNext("order-svc", AFTER_COMMIT, 1); // the commit's answer is lost: the order stays pending

        long started = System.nanoTime();
        CompletableFuture<Answer> placing = CompletableFuture.supplyAsync(() -> api.placeOrder(TestData.key(),
                walletOrder(user, List.of(item(sku, 2)), 50)));
        api.awaitPaused("order-svc", BEFORE_COMMIT);
        stack.urls("points-svc").forEach(url -> stack.kill9(stack.nameOf(url)));
        api.release("order-svc", BEFORE_COMMIT);
        Answer placed = placing.join();
        assertThat(placed.body().path("status").asText()).as(placed.toString()).isEqualTo("PENDING_PAYMENT");
        String orderId = placed.body().path("orderId").asText();
        String xid = order(orderId).s("xid");
        assertThat(xid).isNotNull();

        String tcStatus = api.adminCall("viewer", "GET", "/admin/transactions/" + xid, null).body().path("status").asText();
        assertThat(tcStatus).as("the TC is still confirming").isIn("Committing", "CommitRetrying");
        assertCommittingButNotFinished(orderId, user);

        Answer forced = api.adminCall("operator", "POST", "/admin/orders/" + orderId + "/force-cancel",
                Map.of("reason", "customer asked to cancel"));
        assertThat(forced.status()).as(forced.toString()).isEqualTo(409);
        assertThat(forced.body().path("type").asText()).endsWith("order-state-conflict");
        assertThat(forced.body().path("detail").asText()).contains("committed").contains(tcStatus.substring(0, 6));
        assertCommittingButNotFinished(orderId, user);
        assertThat(api.adminCall("viewer", "GET", "/admin/audit?target=" + orderId, null).body()).anySatisfy(entry -> {
            assertThat(entry.path("action").asText()).isEqualTo("force-cancel");
            assertThat(entry.path("result").asText()).isEqualTo("REFUSED");
        });

        stack.restartStopped();
        api.release("order-svc", RECOVERY_DECIDED);
        Awaitility.await("the order ends PAID once points-svc is back").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                .until(() -> order(orderId).s("status"), "PAID"::equals);
        Duration settled = invariants.awaitSettledAndAssertAll(SETTLE);
        FaultReport.record("points-svc killed in phase two, operator force-cancels the pending order", since(started),
                "refused 409 (TC " + tcStatus + "); order PAID, invariants held " + settled.toSeconds() + " s after");
    }

    /**
     * The TC's timeout runs from {@code begin}, the order's deadline from placement: a checkout that begins late can
     * still commit after the recovery job has decided to reject its order (no XID, deadline + grace passed). Here the
     * recovery job decides, the checkout approves the order, then the job tries to record the rejection: it is refused
     * (the order has an XID now), the commit goes through and the order ends PAID — never REJECTED with its money taken.
     */
    @Test
    void recoveryNeverRejectsAnOrderItsCheckoutApprovedMeanwhile() {
        String sku = data.sku("SKU");
        String user = data.user("raj");
        seed(user, sku);
        String instance = stack.urls("order-svc").get(0); // straight to one instance: the edge would time out first
        List.of(BEFORE_BEGIN, BEFORE_APPROVE, BEFORE_COMMIT).forEach(point -> api.pauseNext("order-svc", point));

        long started = System.nanoTime();
        CompletableFuture<Answer> placing = CompletableFuture.supplyAsync(() -> api.placeOrderAt(instance, TestData.key(),
                walletOrder(user, List.of(item(sku, 1)), 50)));
        api.awaitPaused("order-svc", BEFORE_BEGIN);
        Row pending = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> pendingOrderOf(user), rows -> rows.size() == 1).get(0);
        String orderId = pending.s("order_id");
        // begin late, yet early enough for the Tries to meet the order's deadline
        Instant beginAt = pending.instant("deadline").minusSeconds(6);
        Awaitility.await("a late begin").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().isAfter(beginAt));
        api.release("order-svc", BEFORE_BEGIN);
        api.awaitPaused("order-svc", BEFORE_APPROVE);

        // past deadline + grace the recovery job decides to reject the order, which has no XID yet
        api.pauseNext("order-svc", RECOVERY_DECIDED);
        api.pauseNext("order-svc", RECOVERY_RECORDED);
        api.awaitPaused("order-svc", RECOVERY_DECIDED);
        assertThat(order(orderId).s("xid")).isNull();
        api.release("order-svc", BEFORE_APPROVE);
        api.awaitPaused("order-svc", BEFORE_COMMIT);
        assertThat(order(orderId).s("xid")).as("approved").isNotNull();

        api.release("order-svc", RECOVERY_DECIDED);
        api.awaitPaused("order-svc", RECOVERY_RECORDED);
        assertThat(order(orderId).s("status")).as("the rejection was refused: the order has an XID").isEqualTo("PENDING_PAYMENT");
        api.release("order-svc", RECOVERY_RECORDED);

        api.release("order-svc", BEFORE_COMMIT);
        Answer placed = placing.join();
        assertThat(placed.body().path("status").asText()).as(placed.toString()).isEqualTo("PAID");
        assertThat(order(orderId).s("status")).isEqualTo("PAID");
        Duration settled = invariants.awaitSettledAndAssertAll(SETTLE);
        FaultReport.record("checkout begins late and approves while recovery rejects its order", since(started),
                "rejection refused, order PAID; invariants held " + settled.toSeconds() + " s after");
    }

    /** Inventory and payment confirmed, the points freeze still TRIED, the order pending. */
    private void assertCommittingButNotFinished(String orderId, String user) {
        assertThat(order(orderId).s("status")).isEqualTo("PENDING_PAYMENT");
        assertThat(invariants.rows("inventory", "SELECT status FROM stock_reservations WHERE order_id = ?", orderId))
                .extracting(row -> row.s("status")).containsOnly("CONFIRMED");
        assertThat(invariants.rows("payments", "SELECT status FROM payments WHERE order_id = ?", orderId))
                .extracting(row -> row.s("status")).containsExactly("SUCCEEDED");
        assertThat(pointsFreezeStates(user, orderId)).containsExactly("TRIED");
    }

    private Row order(String orderId) {
        return invariants.rows("orders", "SELECT status, xid FROM orders WHERE order_id = ?", orderId).get(0);
    }

    private List<Row> pendingOrderOf(String user) {
        return invariants.rows("orders", "SELECT order_id, deadline FROM orders WHERE user_id = ? AND status = 'PENDING_PAYMENT'", user);
    }

    /** The fence states of the order's points freeze, from points-svc's fence records. */
    private List<String> pointsFreezeStates(String user, String orderId) {
        List<String> states = new ArrayList<>();
        stack.points().getCollection("tcc_fence").find(new Document("data.orderId", orderId).append("holder", user))
                .forEach(record -> states.add(record.getString("state")));
        return states;
    }

    private void seed(String user, String sku) {
        assertThat(api.restock(sku, 300, 100).status()).isEqualTo(201);
        assertThat(api.topUp(user, 100_000).status()).isEqualTo(201);
        assertThat(api.grantPoints(user, 1000).status()).isEqualTo(201);
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
