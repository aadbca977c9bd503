package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.externalOrder;
import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.FaultReport;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.OrderLoad;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Real process faults against the running stack — {@code kill -9}, SIGSTOP/SIGCONT, database restarts — each
 * followed by the invariants read from the databases: within a bounded wait every order is terminal and
 * nothing is reserved or frozen. Timings go to target/fault-report.txt. Runs after every other stack test
 * (it breaks things), and brings every process back before it ends.
 */
@Order(Integer.MAX_VALUE)
class ProcessFaultIT {

    private static final Duration SETTLE = Duration.ofMinutes(3);

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("pf");
    private final Invariants invariants = new Invariants(stack, data.prefix());

    @AfterEach
    void bringEverythingBack() {
        List.of("order-svc", "inventory-svc", "payment-svc", "points-svc").forEach(service -> {
            for (String url : stack.urls(service)) {
                try {
                    stack.resume(stack.nameOf(url));
                } catch (RuntimeException notRunning) {
                    // it was killed, not stopped: ./stack up below brings it back
                }
            }
        });
        stack.restartStopped();
        List.of("order-svc", "inventory-svc", "payment-svc", "points-svc").forEach(api::clearFaults);
    }

    @Test
    void aParticipantKilledBetweenTryAndConfirmIsFinishedByAnotherInstance() {
        String sku = data.sku("SKU");
        String user = data.user("kim");
        seed(List.of(user), List.of(sku));
        api.pauseNext("inventory-svc", "reserve-stock/CONFIRM");

        long started = System.nanoTime();
        CompletableFuture<Answer> order = placeAsync(stack.url("order-svc"), walletOrder(user, List.of(item(sku, 2)), 0));
        String paused = api.awaitPaused("inventory-svc", "reserve-stock/CONFIRM");
        stack.urls("inventory-svc").stream().filter(url -> !url.equals(paused))
                .forEach(url -> api.send(api.admin(api.request(url + "/admin/fault-hooks")).DELETE()));
        stack.kill9(stack.nameOf(paused));

        Answer answer = order.join();
        assertThat(answer.body().path("status").asText()).as("the commit was decided before the kill: %s", answer).isEqualTo("PAID");
        Duration settled = invariants.awaitSettledAndAssertAll(SETTLE);
        FaultReport.record("kill -9 inventory instance in Confirm (phase two pending)", since(started), "settled " + settled.toSeconds()
                + " s after the answer; " + invariants.orderCountsByStatus());
    }

    @Test
    void theCoordinatorKilledDuringPhaseTwoUnderLoadRecoversItsSessions() throws Exception {
        List<String> users = List.of(data.user("a"), data.user("b"), data.user("c"), data.user("d"));
        List<String> skus = List.of(data.sku("A"), data.sku("B"));
        seed(users, skus);

        long started;
        Map<String, Integer> outcomes;
        try (OrderLoad load = OrderLoad.start(stack, users, skus, 3)) {
            load.awaitMore(10, Duration.ofSeconds(60));
            // hold phase two of points in the middle, so the TC has sessions committing when it dies
            api.pauseNext("points-svc", "freeze-points/CONFIRM");
            api.awaitPaused("points-svc", "freeze-points/CONFIRM");
            started = System.nanoTime();
            stack.kill9("seata");
            load.awaitMore(5, Duration.ofSeconds(60)); // clients keep ordering while the TC is down
            stack.restartStopped(); // the TC reloads its sessions from its file store
            api.release("points-svc", "freeze-points/CONFIRM");
            load.awaitMore(10, Duration.ofSeconds(60));
            outcomes = load.outcomes();
        }
        settleAfterLoad("kill -9 Seata TC with phase two in flight, under load", started, outcomes);
    }

    /**
     * Through the gateway, as a client would: the instance the gateway forwarded the checkout to dies after the Tries,
     * before the commit. The client gets 502 from the edge; its retry with the same key (which the edge may forward to
     * the dead instance first, fail to connect, and send on to the survivor) is 409 while the key's lease runs; the
     * TC times the transaction out and recovery on the survivor rejects the one order the key ever created.
     */
    @Test
    void theInitiatorKilledMidTransactionBehindTheGatewayLeavesOneOrderRejectedByTheTimeout() {
        String sku = data.sku("SKU");
        String user = data.user("lee");
        seed(List.of(user), List.of(sku));
        api.pauseNext("order-svc", "wallet-checkout/BEFORE_COMMIT");

        long started = System.nanoTime();
        String key = TestData.key();
        Map<String, Object> body = walletOrder(user, List.of(item(sku, 1)), 50);
        CompletableFuture<Answer> lost = CompletableFuture.supplyAsync(() -> api.placeOrder(key, body));
        String victim = api.awaitPaused("order-svc", "wallet-checkout/BEFORE_COMMIT");
        stack.urls("order-svc").stream().filter(url -> !url.equals(victim))
                .forEach(url -> api.send(api.admin(api.request(url + "/admin/fault-hooks")).DELETE()));
        stack.kill9(stack.nameOf(victim));
        Answer first = lost.join();
        assertThat(first.status()).as("the edge: the instance went away mid-request: %s", first).isEqualTo(502);
        assertThat(first.body().path("type").asText()).isEqualTo("bad-gateway");

        Answer retry = api.placeOrder(key, body);
        assertThat(retry.status()).as("the key is still held by the dead request: %s", retry).isEqualTo(409);
        Awaitility.await("the TC times the transaction out and recovery rejects the order").atMost(SETTLE)
                .until(() -> invariants.orderCountsByStatus().getOrDefault("REJECTED", 0L) == 1);
        Duration rejected = since(started);
        Duration settled = invariants.awaitSettledAndAssertAll(SETTLE);
        assertThat(invariants.orders()).as("one order per key").singleElement()
                .satisfies(o -> assertThat(o.s("reason")).isEqualTo("TIMEOUT"));
        FaultReport.record("kill -9 order-svc (behind the gateway) after the Tries, before the commit", rejected,
                "client got 502, its retry 409; order REJECTED TIMEOUT; reservations released " + settled.toSeconds() + " s later");
    }

    /**
     * order-svc killed mid-saga, with a flash sale running on both instances (issue: flash sales): the saga is
     * compensated from the saga log; of the sale, admissions the victim was answering are retried under their keys,
     * purchases it was making are made by the survivor (the broker redelivers them; an order it left half-done is
     * settled by recovery and, if rolled back, followed by another), units it took in Redis without recording come
     * back — and every unit sells, none twice. (The sale has its own test data: the saga's checks count this test's
     * orders and stock.)
     */
    @Test
    void theOrderServiceKilledMidSagaHasItsSagaCompensatedFromTheSagaLog() throws SQLException {
        String sku = data.sku("SKU");
        String user = data.user("sam");
        seed(List.of(user), List.of(sku));
        TestData saleData = TestData.fresh("pfs");
        Invariants saleInvariants = new Invariants(stack, saleData.prefix());
        FlashSaleCalls sales = new FlashSaleCalls(stack, api, saleInvariants);
        String hot = saleData.sku("HOT");
        assertThat(api.restock(hot, 5_000, 20).status()).isEqualTo(201);
        List<String> buyers = IntStream.range(0, 24).mapToObj(i -> saleData.user("b" + i)).toList();
        buyers.forEach(buyer -> assertThat(api.topUp(buyer, 100_000).status()).isEqualTo(201));
        String saleId = sales.openSale(hot, 16, 2_500, 300, 1);
        CompletableFuture<Map<String, Answer>> crowd = sales.crowd(saleId, buyers, Duration.ofMillis(250));
        Awaitility.await("a few purchases paid").atMost(Duration.ofSeconds(60)).until(() -> sales.paid() >= 3);

        String victim = stack.urls("order-svc").get(0);
        api.pauseNext("order-svc", "external-checkout/AFTER_RESERVE");

        long started = System.nanoTime();
        CompletableFuture<Answer> lost = placeAsync(victim, externalOrder(user, List.of(item(sku, 3)), 40));
        api.awaitPaused("order-svc", "external-checkout/AFTER_RESERVE");
        assertThat(invariants.stock()).singleElement().satisfies(s -> assertThat(s.l("reserved")).as("held mid-saga").isEqualTo(3));
        stack.kill9(stack.nameOf(victim));
        assertThat(lost).failsWithin(Duration.ofSeconds(30));
        stack.restartStopped();
        api.clearFaults("order-svc");

        // whichever comes first — the TC's saga recovery (timeout) or the expiry job (payBefore) — compensates it
        Awaitility.await("the saga is compensated and the order ended").atMost(SETTLE)
                .until(() -> invariants.orders().stream().allMatch(o -> List.of("REJECTED", "EXPIRED").contains(o.s("status"))));
        Duration ended = since(started);
        Duration settled = invariants.awaitSettledAndAssertAll(SETTLE);
        String orderId = invariants.orders().get(0).s("order_id");
        try (Connection orders = stack.sql("orders"); PreparedStatement saga = orders.prepareStatement(
                "SELECT status, compensation_status FROM seata_state_machine_inst WHERE business_key = ?")) {
            saga.setString(1, orderId);
            try (ResultSet row = saga.executeQuery()) {
                assertThat(row.next()).as("the saga instance of %s is in the saga log", orderId).isTrue();
                assertThat(row.getString("compensation_status")).as("compensated").isEqualTo("SU");
            }
        }
        FaultReport.record("kill -9 order-svc mid-saga (stock reserved, points not yet frozen)", ended,
                "order " + invariants.orders().get(0).s("status") + "; everything released " + settled.toSeconds() + " s later");

        Map<String, Answer> admissions = crowd.join();
        assertThat(admissions.values()).as("every buyer answered 202 or sold-out, none left with an error")
                .allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isIn(202, 409));
        sales.sellOut(saleId, buyers, 16, SETTLE);
        saleInvariants.awaitSettledAndAssertAll(SETTLE);
        FaultReport.record("kill -9 an order-svc instance mid-flash-sale", since(started), "16 of 16 sold to 24 buyers, "
                + "none twice; admissions " + FlashSaleCalls.tally(admissions.values()));
    }

    @Test
    void theInitiatorKilledAfterTheCommitDecisionStillEndsPaidAndChargedOnce() {
        String sku = data.sku("SKU");
        String user = data.user("max");
        seed(List.of(user), List.of(sku));
        String victim = stack.urls("order-svc").get(0);
        api.pauseNext("order-svc", "wallet-checkout/AFTER_COMMIT");

        long started = System.nanoTime();
        CompletableFuture<Answer> lost = placeAsync(victim, walletOrder(user, List.of(item(sku, 1)), 50));
        api.awaitPaused("order-svc", "wallet-checkout/AFTER_COMMIT");
        stack.kill9(stack.nameOf(victim));
        lost.handle((answer, failure) -> answer).join();

        Awaitility.await("recovery learns the commit from the TC").atMost(SETTLE)
                .until(() -> invariants.orderCountsByStatus().getOrDefault("PAID", 0L) == 1);
        Duration paid = since(started);
        invariants.awaitSettledAndAssertAll(SETTLE);
        assertThat(invariants.payments()).filteredOn(p -> p.s("status").equals("SUCCEEDED")).hasSize(1);
        FaultReport.record("kill -9 order-svc after the commit decision, before PAID", paid, "order PAID from the TC's outcome, one payment");
    }

    @Test
    void aParticipantStoppedBeyondTheTimeoutRollsBackAndItsLateTryIsRefused() {
        String sku = data.sku("SKU");
        String user = data.user("ned");
        seed(List.of(user), List.of(sku));
        List<String> points = new ArrayList<>();
        stack.urls("points-svc").forEach(url -> points.add(stack.nameOf(url)));
        points.forEach(stack::suspend);

        long started = System.nanoTime();
        Answer answer;
        try {
            answer = api.placeOrder(TestData.key(), walletOrder(user, List.of(item(sku, 1)), 100));
            assertThat(answer.body().path("status").asText()).as(answer.toString()).isEqualTo("REJECTED");
            // stay stopped until the global transaction's deadline (recorded on the order) has passed
            Instant deadline = invariants.orders().get(0).instant("deadline");
            Awaitility.await("past the deadline").atMost(Duration.ofSeconds(60)).until(() -> Instant.now().isAfter(deadline.plusSeconds(3)));
        } finally {
            points.forEach(stack::resume);
        }
        // the Try that waited in the stopped process now runs, late: it must reserve nothing
        Duration settled = invariants.awaitSettledAndAssertAll(SETTLE);
        assertThat(invariants.pointAccounts()).singleElement().satisfies(account -> {
            assertThat(Invariants.count(account, "frozen")).isZero();
            assertThat(Invariants.count(account, "balance")).isEqualTo(1000);
        });
        FaultReport.record("SIGSTOP both points-svc instances past the timeout, then SIGCONT", since(started),
                "order " + answer.body().path("reason").asText() + "; late Try reserved nothing; settled " + settled.toSeconds() + " s after SIGCONT");
    }

    @Test
    void theDatabasesRestartedUnderLoadLoseNothing() throws Exception {
        List<String> users = List.of(data.user("a"), data.user("b"), data.user("c"));
        List<String> skus = List.of(data.sku("A"), data.sku("B"));
        seed(users, skus);

        long started = System.nanoTime();
        Map<String, Integer> outcomes;
        try (OrderLoad load = OrderLoad.start(stack, users, skus, 3)) {
            load.awaitMore(10, Duration.ofSeconds(60));
            stack.kill9("mariadb"); // InnoDB recovers every committed transaction on restart
            load.awaitMore(3, Duration.ofSeconds(60)); // clients keep ordering while MariaDB is down
            stack.restartStopped();
            load.awaitMore(10, Duration.ofSeconds(90));
            // the Mongo stand-in is stopped cleanly: after a kill -9 its H2 file may lose the last ~100 ms of writes
            ProcessHandle mongo = ProcessHandle.of(stack.pid("mongo")).orElseThrow();
            mongo.destroy();
            mongo.onExit().join();
            stack.restartStopped();
            load.awaitMore(10, Duration.ofSeconds(90));
            outcomes = load.outcomes();
        }
        settleAfterLoad("kill -9 MariaDB, then restart the Mongo server, under load", started, outcomes);
    }

    /**
     * After a fault under load: every answer was one a client can act on (a rejection, 202, or 503 with
     * Retry-After — never a 500), everything settles, some orders were paid, and the times go to the report.
     */
    /**
     * Two instances of every participant; one instance each of inventory-svc, payment-svc and points-svc is killed
     * (-9) under load. For a few seconds Nacos and order-svc's cached instance list still name the dead instances: a
     * call that cannot even connect to one is sent to the survivor, so no checkout placed after the kills is rejected
     * UNAVAILABLE. A call that was already on the wire to an instance when it died is not retried (it may have run);
     * the checkouts in flight at the kills — sent before the killed processes were gone — are counted apart.
     */
    @Test
    void killingOneOfTwoParticipantInstancesCostsNoOrders() throws Exception {
        // six buyers: the four clients stay well inside the per-user rate limit
        List<String> users = List.of("a", "b", "c", "d", "e", "f").stream().map(data::user).toList();
        List<String> skus = List.of(data.sku("A"), data.sku("B"));
        seed(users, skus);
        users.forEach(user -> assertThat(api.grantPoints(user, 10_000).status()).isEqualTo(201)); // a third redeem 50
        List<String> victims = List.of("inventory-svc", "payment-svc", "points-svc").stream()
                .map(service -> stack.nameOf(stack.urls(service).get(0))).toList();

        RunningStack.Kill kill;
        List<OrderLoad.TimedAnswer> answers;
        try (OrderLoad load = OrderLoad.start(stack, users, skus, 4)) {
            load.awaitMore(20, Duration.ofSeconds(60));
            kill = stack.kill9Together(victims);
            load.awaitMore(150, Duration.ofSeconds(120));
            answers = load.answers();
        }
        List<OrderLoad.TimedAnswer> placedAfter = answers.stream().filter(a -> a.sentNanos() > kill.gone()).toList();
        List<OrderLoad.TimedAnswer> inFlight = answers.stream()
                .filter(a -> a.sentNanos() <= kill.gone() && a.answeredNanos() >= kill.signalled()).toList();
        assertThat(placedAfter).as("checkouts placed after the kills").hasSizeGreaterThanOrEqualTo(140)
                .allSatisfy(answer -> assertThat(answer.outcome()).as("every checkout placed after the kills")
                        .isEqualTo("201 PAID"));
        Duration settled = invariants.awaitSettledAndAssertAll(SETTLE);
        FaultReport.record("kill -9 one of two instances of inventory, payment and points under load", since(kill.signalled()),
                placedAfter.size() + " checkouts placed after the kills, none lost: " + countByOutcome(placedAfter)
                        + "; in flight at the kills " + countByOutcome(inFlight) + "; settled " + settled.toSeconds() + " s after");
    }

    private static Map<String, Long> countByOutcome(List<OrderLoad.TimedAnswer> answers) {
        return answers.stream().collect(Collectors.groupingBy(OrderLoad.TimedAnswer::outcome, TreeMap::new, Collectors.counting()));
    }

    private void settleAfterLoad(String fault, long started, Map<String, Integer> outcomes) {
        assertThat(outcomes.keySet()).as("answers under load").noneMatch(answer -> answer.startsWith("500"));
        Duration settled = invariants.awaitSettledAndAssertAll(SETTLE);
        assertThat(invariants.orderCountsByStatus()).containsKey("PAID");
        FaultReport.record(fault, since(started), "settled " + settled.toSeconds() + " s after the load stopped; answers "
                + outcomes + "; orders " + invariants.orderCountsByStatus());
    }

    /**
     * Both points-svc instances hang (SIGSTOP) while four external orders wait for a payment that never comes: every
     * call to points-svc waits for its read timeout, yet every order is claimed EXPIRED on time — the expiry job claims
     * all due orders before releasing any (releasing calls the participants), runs within its budget, and the jobs
     * have threads of their own — and once points-svc resumes, each order ends EXPIRED with everything released.
     */
    @Test
    void externalOrdersExpireOnTimeWhileAParticipantHangs() {
        String sku = data.sku("SKU");
        String user = data.user("exp");
        seed(List.of(user), List.of(sku));
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Answer placed = api.placeOrder(TestData.key(), externalOrder(user, List.of(item(sku, 1)), 10));
            assertThat(placed.status()).as(placed.toString()).isEqualTo(202);
            assertThat(api.scriptPayment(placed.body().path("paymentId").asText(), Map.of("events", List.of())).status())
                    .isEqualTo(202); // the provider never calls back
            orderIds.add(placed.body().path("orderId").asText());
        }
        stack.urls("points-svc").forEach(url -> stack.suspend(stack.nameOf(url)));
        long started = System.nanoTime();

        String in = String.join(",", orderIds.stream().map(id -> "'" + id + "'").toList());
        List<Invariants.Row> claimed = Awaitility.await("every order claimed EXPIRED").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> invariants.rows("orders", "SELECT order_id, closing, deadline, updated_at FROM orders WHERE order_id IN (" + in + ")"),
                        rows -> rows.size() == 4 && rows.stream().allMatch(row -> "EXPIRED".equals(row.s("closing"))));
        List<Duration> late = claimed.stream().map(row -> Duration.between(row.instant("deadline"), row.instant("updated_at"))).toList();
        assertThat(late).as("each claimed within a few job intervals (2 s) of its payBefore, though points-svc hangs")
                .allSatisfy(lateness -> assertThat(lateness).isLessThan(Duration.ofSeconds(8)));

        stack.urls("points-svc").forEach(url -> stack.resume(stack.nameOf(url)));
        Awaitility.await("every order EXPIRED once points-svc resumes").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                .until(() -> invariants.orderCountsByStatus().getOrDefault("EXPIRED", 0L) == 4);
        invariants.awaitSettledAndAssertAll(SETTLE);
        FaultReport.record("SIGSTOP both points-svc instances while external orders expire", since(started),
                "claimed EXPIRED at most " + late.stream().max(Duration::compareTo).orElseThrow().toMillis()
                        + " ms after payBefore; all EXPIRED and released after SIGCONT");
    }

    private void seed(List<String> users, List<String> skus) {
        skus.forEach(sku -> assertThat(api.restock(sku, 300, 1000).status()).isEqualTo(201));
        users.forEach(user -> {
            assertThat(api.topUp(user, 1_000_000).status()).isEqualTo(201);
            assertThat(api.grantPoints(user, 1000).status()).isEqualTo(201);
        });
    }

    private CompletableFuture<Answer> placeAsync(String orderService, Map<String, Object> body) {
        return CompletableFuture.supplyAsync(() -> api.placeOrderAt(orderService, TestData.key(), body));
    }


    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
