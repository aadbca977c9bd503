package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The traps docs/tcc.md ("Seata 2.0 traps") records for Seata 2.0.0 on Spring Boot 3.2, each shown not to bite:
 * a phase two that fails at first ({@code CommitRetrying}: the TM returns normally and the TC finishes it),
 * the action context reaching Confirm/Cancel, refusals wrapped by Seata reaching the initiator intact, and a
 * finished transaction that the TC's database store ends instead of giving up on (SeataServer in the launcher).
 */
class SeataTrapsIT {

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("st");
    private final Invariants invariants = new Invariants(stack, data.prefix());
    private String sku;
    private String user;

    @BeforeEach
    void seed() {
        sku = data.sku("BOOK");
        user = data.user("hana");
        assertThat(api.restock(sku, 2000, 20).status()).isEqualTo(201);
        assertThat(api.topUp(user, 50_000).status()).isEqualTo(201);
        assertThat(api.grantPoints(user, 1000).status()).isEqualTo(201);
    }

    @AfterEach
    void disarm() {
        List.of("inventory-svc", "payment-svc", "points-svc").forEach(api::clearFaults);
    }

    @Test
    void aConfirmThatFailsIsRetriedByTheCoordinatorAndTheOrderIsPaidOnce() {
        api.failNext("points-svc", "freeze-points/CONFIRM", 2);

        Answer answer = api.placeOrder(TestData.key(), walletOrder(user, List.of(item(sku, 1)), 100));

        // the commit was decided: the TM got CommitRetrying and returned normally, so the order is PAID
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.body().path("status").asText()).isEqualTo("PAID");
        Awaitility.await("the TC retried the failed Confirms").atMost(Duration.ofSeconds(60))
                .until(() -> api.faultsTriggered("points-svc", "freeze-points/CONFIRM", 2) >= 2);
        invariants.awaitSettledAndAssertAll();
        assertThat(invariants.pointAccounts()).singleElement().satisfies(account -> {
            assertThat(account.get("earned", Number.class).longValue()).as("earned once, not per retry").isEqualTo(19);
            assertThat(account.get("balance", Number.class).longValue()).isEqualTo(1000 - 100 + 19);
        });
    }

    @Test
    void aCancelThatFailsIsRetriedUntilTheStockIsReleased() {
        api.failNext("inventory-svc", "reserve-stock/CANCEL", 2);

        Answer answer = api.placeOrder(TestData.key(), walletOrder(user, List.of(item(sku, 3)), 5000));

        assertThat(answer.body().path("status").asText()).as(answer.toString()).isEqualTo("REJECTED");
        assertThat(answer.body().path("reason").asText()).isEqualTo("INSUFFICIENT_POINTS");
        Awaitility.await("the TC retried the failed Cancels").atMost(Duration.ofSeconds(60))
                .until(() -> api.faultsTriggered("inventory-svc", "reserve-stock/CANCEL", 2) >= 2);
        invariants.awaitSettledAndAssertAll();
        assertThat(invariants.stock()).singleElement().satisfies(stock -> assertThat(stock.l("available")).isEqualTo(20));
    }

    @Test
    void confirmAndCancelSeeTheContextTheTryRecorded() {
        Answer paid = api.placeOrder(TestData.key(), walletOrder(user, List.of(item(sku, 2)), 0));
        String orderId = paid.body().path("orderId").asText();
        assertThat(paid.body().path("status").asText()).isEqualTo("PAID");
        invariants.awaitSettledAndAssertAll();

        // reserve-stock's Confirm finds its rows by the orderId from the action context; a lost context
        // would fail it (and the TC would retry forever) instead of marking them CONFIRMED
        assertThat(invariants.reservations()).filteredOn(r -> r.s("order_id").equals(orderId))
                .isNotEmpty().allSatisfy(r -> assertThat(r.s("status")).isEqualTo("CONFIRMED"));
        assertThat(invariants.payments()).filteredOn(p -> p.s("order_id").equals(orderId))
                .singleElement().satisfies(p -> assertThat(p.s("status")).isEqualTo("SUCCEEDED"));
    }

    @Test
    void aParticipantsRefusalReachesTheClientAsItsReason() {
        // inventory refuses inside Seata's TCC proxy, which wraps the exception; the reason still arrives
        Answer answer = api.placeOrder(TestData.key(), walletOrder(user, List.of(item(sku, 21)), 0));
        assertThat(answer.body().path("status").asText()).isEqualTo("REJECTED");
        assertThat(answer.body().path("reason").asText()).isEqualTo("INSUFFICIENT_STOCK");
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void theCoordinatorForgetsAFinishedCheckoutInsteadOfGivingUpOnIt() {
        Answer paid = api.placeOrder(TestData.key(), walletOrder(user, List.of(item(sku, 1)), 0));
        Answer rejected = api.placeOrder(TestData.key(), walletOrder(user, List.of(item(sku, 1)), 5000));
        assertThat(paid.body().path("status").asText()).as(paid.toString()).isEqualTo("PAID");
        assertThat(rejected.body().path("reason").asText()).as(rejected.toString()).isEqualTo("INSUFFICIENT_POINTS");
        invariants.awaitSettledAndAssertAll();
        // a rejected order records no XID; its stock reservation (the Try that succeeded) does
        List<String> xids = List.of(xidOf("orders", "orders", paid), xidOf("inventory", "stock_reservations", rejected));

        // with the database store the TC leaves both Committing / Rollbacking until its recovery job ends them;
        // it must end them, not mark them CommitRetryTimeout / RollbackRetryTimeout ("handle manually") for ever
        Awaitility.await("the TC forgot " + xids).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(invariants.rows("seata_tc", "SELECT xid, status FROM global_table WHERE xid IN (?, ?)",
                        xids.get(0), xids.get(1))).as("global sessions still stored (status 16/17: given up)").isEmpty());
    }

    private String xidOf(String database, String table, Answer order) {
        return invariants.rows(database, "SELECT xid FROM " + table + " WHERE order_id = ?", order.body().path("orderId").asText())
                .stream().map(row -> row.s("xid")).findFirst().orElseThrow();
    }
}
