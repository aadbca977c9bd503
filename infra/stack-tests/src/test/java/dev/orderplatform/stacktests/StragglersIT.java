package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.FaultReport;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.Invariants.Row;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Stragglers: TCC branches the TC gave up on (the stack's phase-two retry window is 45 s), found by order-svc's
 * straggler job and finished from the sources of truth; dry runs that change nothing; runs started once per
 * Idempotency-Key; parking after the last attempt and an operator's force-cancel; one job instance at a time.
 * Every test ends with the invariants, read from the databases. Runs among the fault tests (it stops processes).
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StragglersIT {

    /** Where the page test's screenshots go: docs/operating.md, "The operator page", shows them. */
    private static final Path SCREENSHOTS = Path.of(System.getProperty("stack.repository", "../.."), "docs", "operating");

    /** A parked order the parking test leaves for the operator page test. */
    private static String parkedForThePage;

    private static final Duration TC_GIVES_UP = Duration.ofMinutes(2);
    private static final Duration SETTLE = Duration.ofMinutes(3);
    /** StragglerJob's lockAtMostFor, and a little more. */
    private static final Duration STALE_JOB_LOCK = Duration.ofSeconds(5 * 60 + 20);

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("st");
    private final Invariants invariants = new Invariants(stack, data.prefix());

    @AfterEach
    void bringEverythingBack() {
        api.release("order-svc", "stragglers/RUN");
        stack.restartStopped();
        List.of("order-svc", "inventory-svc", "payment-svc", "points-svc").forEach(api::clearFaults);
    }

    /**
     * Both inventory instances are killed between Try and Confirm and stay down past the TC's retry window; when they
     * are back the branch is a straggler (the TC no longer knows its XID). A dry run plans CONFIRM and changes nothing;
     * the same run request twice starts one run; then the job confirms it.
     */
    @Test
    @Order(1)
    void aBranchTheTcGaveUpOnIsFinishedByTheJobOnceItsParticipantIsBack() {
        String sku = data.sku("SKU");
        String user = data.user("ada");
        seed(user, sku, 1000);
        holdTheStragglerJob();
        api.pauseNext("inventory-svc", "reserve-stock/CONFIRM");

        long started = System.nanoTime();
        CompletableFuture<Answer> placing = CompletableFuture.supplyAsync(() -> api.placeOrder(TestData.key(),
                walletOrder(user, List.of(item(sku, 2)), 0)));
        api.awaitPaused("inventory-svc", "reserve-stock/CONFIRM");
        stack.urls("inventory-svc").forEach(url -> stack.kill9(stack.nameOf(url)));
        Answer placed = placing.join();
        assertThat(placed.body().path("status").asText()).as("the commit was decided before the kill: %s", placed).isEqualTo("PAID");
        String orderId = placed.body().path("orderId").asText();
        String xid = invariants.rows("orders", "SELECT xid FROM orders WHERE order_id = ?", orderId).get(0).s("xid");

        Awaitility.await("the TC gives up retrying the Confirm").atMost(TC_GIVES_UP).pollInterval(Duration.ofSeconds(2))
                .until(() -> api.adminCall("viewer", "GET", "/admin/transactions/" + xid, null).body().path("status").asText(),
                        // the TC keeps a session it gave up on as CommitRetryTimeout; Finished once it forgets it
                        status -> status.equals("CommitRetryTimeout") || status.equals("Finished"));
        Duration gaveUp = since(started);
        stack.restartStopped();
        assertThat(reservationStatuses(orderId)).containsOnly("RESERVED");

        JsonNode straggler = Awaitility.await("the branch is listed as a straggler").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                .until(() -> branchStraggler(orderId), Optional::isPresent).orElseThrow();
        assertThat(straggler.path("xid").asText()).isEqualTo(xid);
        assertThat(straggler.path("participant").asText()).isEqualTo("inventory-svc");
        assertThat(straggler.path("what").asText()).contains("reserve-stock").containsAnyOf("CommitRetryTimeout", "Finished");

        // a dry run, asked for twice with one key: one run, a plan, and nothing changed
        Map<String, Object> request = Map.of("dryRun", true, "olderThan", "PT0S", "limit", 10, "orderIds", List.of(orderId));
        String key = TestData.key();
        Answer first = startRun("viewer", key, request);
        Answer again = startRun("viewer", key, request);
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        assertThat(again.body().path("runId").asText()).isEqualTo(first.body().path("runId").asText());
        String runId = first.body().path("runId").asText();
        assertThat(invariants.rows("orders", "SELECT run_id FROM compensation_runs WHERE run_id = ? OR order_ids = ?", runId, orderId))
                .as("one run for one request").hasSize(1);
        JsonNode run = awaitRunFinished(runId);
        assertThat(run.path("dryRun").asBoolean()).isTrue();
        assertThat(run.path("items")).anySatisfy(item -> {
            assertThat(item.path("kind").asText()).isEqualTo("TCC_BRANCH");
            assertThat(item.path("action").asText()).isEqualTo("CONFIRM_BRANCH");
            assertThat(item.path("result").asText()).isEqualTo("PLANNED");
            assertThat(item.path("evidence").asText()).contains("PAID");
        });
        assertThat(reservationStatuses(orderId)).as("a dry run changes nothing").containsOnly("RESERVED");
        assertThat(fenceStatuses(xid)).as("a dry run changes nothing").containsOnly(1);

        api.release("order-svc", "stragglers/RUN");
        Awaitility.await("the job confirms the branch").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                .until(() -> reservationStatuses(orderId), statuses -> !statuses.isEmpty() && statuses.stream().allMatch("CONFIRMED"::equals));
        Duration finished = since(started);
        assertThat(fenceStatuses(xid)).containsOnly(2); // COMMITTED
        // the TC commits branches one after another and stopped at the failing one, so the branches behind it may be
        // in doubt as well: each is confirmed by the job
        List<Row> resolutions = invariants.rows("orders", "SELECT resolution FROM straggler_ledger WHERE xid = ? AND resolved_at IS NOT NULL", xid);
        assertThat(resolutions).allSatisfy(row -> assertThat(row.s("resolution")).startsWith("CONFIRM_BRANCH"))
                .anySatisfy(row -> assertThat(row.s("resolution")).contains("reserve-stock"));
        assertThat(audit(xid)).anySatisfy(entry -> {
            assertThat(entry.path("actor").asText()).isEqualTo("straggler-job");
            assertThat(entry.path("result").asText()).isEqualTo("DONE");
        });
        invariants.awaitSettledAndAssertAll(SETTLE);
        FaultReport.record("inventory killed between Try and Confirm, down past the TC's retry window", finished,
                "TC gave up after " + gaveUp.toSeconds() + " s; straggler job confirmed the branch " + finished.toSeconds() + " s after the order");
    }

    /**
     * A Cancel that keeps failing past the TC's window and then through every attempt of the job: parked, listed as
     * parked, left alone by the job; an operator's force-cancel then releases the stock, and it is audited.
     */
    @Test
    @Order(2)
    void aStragglerThatKeepsFailingIsParkedAndAnOperatorForceCancelsIt() {
        String sku = data.sku("SKU");
        String user = data.user("bo");
        seed(user, sku, 10); // 10 points: the order below redeems 50, so points refuses and the TC rolls back
        api.failNext("inventory-svc", "reserve-stock/CANCEL", 1000); // the most the fault hooks take: more than enough attempts

        long started = System.nanoTime();
        Answer placed = api.placeOrder(TestData.key(), walletOrder(user, List.of(item(sku, 1)), 50));
        assertThat(placed.body().path("status").asText()).as(placed.toString()).isEqualTo("REJECTED");
        String orderId = placed.body().path("orderId").asText();
        // a second one, parked alongside, is what the operator page test resolves with a run
        Answer forThePage = api.placeOrder(TestData.key(), walletOrder(user, List.of(item(sku, 2)), 50));
        assertThat(forThePage.body().path("status").asText()).as(forThePage.toString()).isEqualTo("REJECTED");

        Awaitility.await("the job parks the branches").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
                .until(() -> branchStraggler(orderId).filter(s -> s.path("parked").asBoolean()).isPresent()
                        && branchStraggler(forThePage.body().path("orderId").asText()).filter(s -> s.path("parked").asBoolean()).isPresent());
        parkedForThePage = forThePage.body().path("orderId").asText();
        Duration parkedAfter = since(started);
        JsonNode parked = branchStraggler(orderId).orElseThrow();
        assertThat(parked.path("attempts").asInt()).isEqualTo(8);
        assertThat(parked.path("lastError").asText()).isNotBlank();
        Awaitility.await("the parked gauge shows it").atMost(Duration.ofSeconds(30))
                .until(() -> api.counterSum("order-svc", "stragglers.parked", null) >= 1);

        api.clearFaults("inventory-svc"); // inventory works again, but nothing retries a parked straggler by itself
        assertThat(reservationStatuses(orderId)).containsOnly("RESERVED");

        Answer forced = api.adminCall("operator", "POST", "/admin/orders/" + orderId + "/force-cancel",
                Map.of("reason", "inventory cancel failed for days; released by hand"));
        assertThat(forced.status()).as(forced.toString()).isEqualTo(200);
        assertThat(forced.body().path("status").asText()).isEqualTo("REJECTED");
        assertThat(reservationStatuses(orderId)).containsOnly("CANCELLED");
        Answer repeated = api.adminCall("operator", "POST", "/admin/orders/" + orderId + "/force-cancel", Map.of("reason", "again"));
        assertThat(repeated.status()).as("idempotent: %s", repeated).isEqualTo(200);
        assertThat(repeated.body().path("done").asText()).contains("already REJECTED").contains("nothing held");

        assertThat(audit(orderId)).anySatisfy(entry -> {
            assertThat(entry.path("actor").asText()).isEqualTo("operator");
            assertThat(entry.path("action").asText()).isEqualTo("force-cancel");
            assertThat(entry.path("reason").asText()).contains("released by hand");
            assertThat(entry.path("result").asText()).isEqualTo("DONE");
        });
        assertThat(invariants.rows("orders", "SELECT parked_at FROM straggler_ledger WHERE order_id = ? AND resolved_at IS NULL", orderId))
                .as("no longer parked").isEmpty();
        FaultReport.record("inventory Cancel failing past the TC's window and the job's attempts", parkedAfter,
                "parked after 8 attempts; force-cancel released the stock");
    }

    /**
     * The operator page in a real headless Chromium, on the order the parking test left parked: search it, dry-run
     * (a plan, nothing changed), run for real, watch the run finish, read the audit log. Screenshots of each step go
     * to docs/operating for docs/operating.md.
     */
    @Test
    @Order(3)
    void anOperatorResolvesAParkedStragglerOnThePage() {
        assertThat(parkedForThePage).as("the parking test left an order parked").isNotNull();
        String orderId = parkedForThePage;
        if (!OperatorPage.available()) {
            // release what the order holds so that the suite's invariants still hold, then say loudly why we stop
            api.adminCall("operator", "POST", "/admin/orders/" + orderId + "/force-cancel", Map.of("reason", "no browser for the page test"));
            Assumptions.abort("NO BROWSER: " + OperatorPage.CHROMIUM + " or " + OperatorPage.CHROMEDRIVER
                    + " is missing, so the operator page was NOT tested (.ci/run installs chromium and chromium-driver)");
        }
        try (OperatorPage page = new OperatorPage(stack.url("order-svc"), SCREENSHOTS)) {
            page.useToken(stack.token("operator"));
            List<String> row = page.searchOrder(orderId);
            assertThat(row).as("kind, order, what, since, attempts, last error, parked").startsWith("TCC_BRANCH", orderId);
            assertThat(row.get(6)).isEqualTo("yes");
            page.screenshot("1-stragglers", "search-form");

            String dryRun = page.dryRun();
            assertThat(dryRun).contains("dry run").contains("FINISHED").contains("total 1");
            assertThat(page.runItems()).singleElement().satisfies(item -> {
                assertThat(item.get(3)).as("action").isEqualTo("CANCEL_BRANCH");
                assertThat(item.get(5)).as("result").isEqualTo("PLANNED");
            });
            assertThat(reservationStatuses(orderId)).as("a dry run changes nothing").containsOnly("RESERVED");
            page.screenshot("2-dry-run", "run");

            String run = page.runForReal();
            assertThat(run).contains("real run").contains("FINISHED").contains("done 1");
            assertThat(page.runItems()).singleElement().satisfies(item -> assertThat(item.get(5)).isEqualTo("DONE"));
            page.screenshot("3-run", "run");

            List<List<String>> audit = page.audit();
            assertThat(audit).anySatisfy(entry -> assertThat(entry).contains("operator", "dry-run"));
            assertThat(audit).anySatisfy(entry -> assertThat(entry).contains("operator", "run"));
            page.screenshot("4-audit", "audit");
        }
        assertThat(reservationStatuses(orderId)).containsOnly("CANCELLED");
        assertThat(invariants.rows("orders", "SELECT parked_at FROM straggler_ledger WHERE order_id = ? AND resolved_at IS NULL", orderId))
                .as("no longer parked").isEmpty();
        invariants.awaitSettledAndAssertAll(SETTLE);
    }

    /**
     * The provider never calls back and the first-line expiry job cannot run (its every run fails): past payBefore
     * plus the straggler period the straggler job expires the order from what the provider says (still PENDING),
     * releasing its stock and points and telling the provider to stop collecting.
     */
    @Test
    @Order(4)
    void aPaymentTheProviderNeverReportsIsExpiredByTheStragglerJob() {
        String sku = data.sku("SKU");
        String user = data.user("dee");
        seed(user, sku, 100);
        api.failNext("order-svc", "external-order-stragglers/CLAIM", 1000);
        api.failNext("order-svc", "external-order-stragglers/RUN", 1000);

        Answer placed = api.placeOrder(TestData.key(), Api.externalOrder(user, List.of(item(sku, 3)), 40));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(202);
        String orderId = placed.body().path("orderId").asText();
        String paymentId = placed.body().path("paymentId").asText();
        assertThat(api.scriptPayment(paymentId, Map.of("events", List.of())).status()).isEqualTo(202); // never calls back

        Awaitility.await("the straggler job expires the order").atMost(SETTLE).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.getOrder(orderId).body().path("status").asText(), "EXPIRED"::equals);
        assertThat(audit(orderId)).anySatisfy(entry -> {
            assertThat(entry.path("actor").asText()).isEqualTo("straggler-job");
            assertThat(entry.path("result").asText()).isEqualTo("DONE");
            assertThat(entry.path("detail").asText()).startsWith("EXPIRE").contains("provider PENDING");
        });
        Awaitility.await("the provider is told to stop collecting").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.providerView(paymentId).body().path("cancelled").asBoolean());
        assertThat(reservationStatuses(orderId)).containsOnly("CANCELLED");
        api.clearFaults("order-svc");
        invariants.awaitSettledAndAssertAll(SETTLE);
    }

    @Test
    @Order(5)
    void forceCompleteRefusesAnOrderWhoseMoneyWasNotCaptured() {
        String sku = data.sku("SKU");
        String user = data.user("cy");
        seed(user, sku, 10);
        Answer rejected = api.placeOrder(TestData.key(), walletOrder(user, List.of(item(sku, 1)), 50));
        String orderId = rejected.body().path("orderId").asText();

        Answer refused = api.adminCall("operator", "POST", "/admin/orders/" + orderId + "/force-complete", Map.of("reason", "customer insists"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.body().path("type").asText()).isEqualTo("order-state-conflict");
        Answer blank = api.adminCall("operator", "POST", "/admin/orders/" + orderId + "/force-cancel", Map.of("reason", " "));
        assertThat(blank.status()).as("a reason is required: %s", blank).isEqualTo(400);
        assertThat(audit(orderId)).singleElement().satisfies(entry -> assertThat(entry.path("result").asText()).isEqualTo("REFUSED"));
        invariants.awaitSettledAndAssertAll(SETTLE);
    }

    @Test
    @Order(6)
    void theJobRunsOnOneInstanceAtATime() {
        Awaitility.await("both instances have had the chance to run the job").atMost(Duration.ofMinutes(1))
                .until(() -> invariants.rows("orders", "SELECT run_no FROM straggler_job_runs WHERE finished_at IS NOT NULL").size() >= 5);
        List<Row> overlapping = invariants.rows("orders", """
                SELECT a.run_no FROM straggler_job_runs a JOIN straggler_job_runs b ON a.run_no < b.run_no
                WHERE a.finished_at IS NOT NULL AND b.finished_at IS NOT NULL
                  AND b.started_at < a.finished_at AND a.started_at < b.finished_at""");
        assertThat(overlapping).as("no two runs of the job at the same time, on any instances").isEmpty();
    }

    private Optional<JsonNode> branchStraggler(String orderId) {
        Answer listed = api.adminCall("viewer", "GET", "/admin/stragglers?olderThan=PT0S&orderId=" + orderId, null);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        for (JsonNode straggler : listed.body().path("stragglers")) {
            if ("TCC_BRANCH".equals(straggler.path("kind").asText()) && straggler.path("id").asText().contains("reserve-stock")) {
                return Optional.of(straggler);
            }
        }
        return Optional.empty();
    }

    private Answer startRun(String role, String key, Map<String, Object> body) {
        String token = stack.token(role);
        return api.send(api.request(stack.url("order-svc") + "/admin/compensation-runs").header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(Api.write(body))));
    }

    private JsonNode awaitRunFinished(String runId) {
        return Awaitility.await("run " + runId + " finishes").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.adminCall("viewer", "GET", "/admin/compensation-runs/" + runId, null).body(),
                        run -> "FINISHED".equals(run.path("status").asText()));
    }

    private List<JsonNode> audit(String target) {
        Answer answer = api.adminCall("viewer", "GET", "/admin/audit?target=" + target, null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return elements(answer.body());
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private List<String> reservationStatuses(String orderId) {
        return invariants.rows("inventory", "SELECT status FROM stock_reservations WHERE order_id = ?", orderId).stream().map(r -> r.s("status")).toList();
    }

    private List<Integer> fenceStatuses(String xid) {
        return invariants.rows("inventory", "SELECT status FROM tcc_fence_log WHERE xid = ?", xid).stream().map(r -> (int) r.l("status")).toList();
    }

    private void holdTheStragglerJob() {
        api.pauseNext("order-svc", "stragglers/RUN");
        // the job runs every 2 s, unless an earlier test's kill -9 of order-svc interrupted a run: its lock then stays
        // taken until lockAtMostFor (5 min) has passed since that run began — ShedLock's crash recovery, by design
        String paused = api.awaitPaused("order-svc", "stragglers/RUN", STALE_JOB_LOCK);
        // the instance holding the job's lock is paused; the other must not pause later, when the lock passes to it
        stack.urls("order-svc").stream().filter(url -> !url.equals(paused))
                .forEach(url -> api.send(api.admin(api.request(url + "/admin/fault-hooks")).DELETE()));
    }

    private void seed(String user, String sku, long points) {
        assertThat(api.restock(sku, 300, 1000).status()).isEqualTo(201);
        assertThat(api.topUp(user, 1_000_000).status()).isEqualTo(201);
        assertThat(api.grantPoints(user, points).status()).isEqualTo(201);
    }


    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
