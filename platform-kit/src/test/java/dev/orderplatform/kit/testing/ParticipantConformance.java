package dev.orderplatform.kit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The participant conformance kit: proves that a TCC participant survives every ordering of its phases.
 *
 * <p>Give it a {@link Subject} — which service and action, how to create a fresh entity holding some amount
 * (a SKU with stock, a wallet with money…) and how to read that entity's ledger and fence record from the
 * participant's real store — and {@link #scenarios} yields one JUnit test per ordering. Each drives the
 * participant's real Try/Confirm/Cancel through its real fence (on the stack over its test-mode conformance
 * endpoint, Try on one instance and phase two on another, as the TC may do; in a module's own tests in process,
 * {@link InProcessConformance}), and checks the ledger after every step:
 *
 * <pre>
 *   Try→Confirm · Try→Cancel · Confirm twice · Cancel twice · Cancel with no Try (null compensation, recorded)
 *   · Try after that Cancel (refused: anti-hanging) · Confirm after Cancel / Cancel after Confirm (no effect)
 *   · Try twice · a failed Try, then its Cancel · a Try past its deadline · concurrent Confirm+Confirm,
 *   Cancel+Cancel, Cancel+Cancel with no Try, and Try racing Cancel (many rounds, on two threads)
 * </pre>
 *
 * A phase answering FAILED is what the TC retries; the kit retries it the same way, and demands the ledger be
 * exact afterwards. Used by the stack tests of inventory-svc, payment-svc and points-svc, and in process by the
 * modules' own tests, which run at unit-test speed before the stack starts.
 */
public final class ParticipantConformance {

    /** The three places an amount can be: free, held by a Try, settled by a Confirm. */
    /** Seata's fence states as {@code tcc_fence_log.status} stores them (CommonFenceConstant), by name. */
    public static final Map<Integer, String> SEATA_FENCE_STATES = Map.of(1, "TRIED", 2, "COMMITTED", 3, "ROLLBACKED", 4, "SUSPENDED");

    public record Holdings(long free, long held, long settled) {
    }

    /** A branch identity, as the TC would mint it. */
    public record Branch(String xid, long branchId) {
    }

    /** A participant action under test. */
    public interface Subject {
        /** The Nacos name of the service, e.g. {@code inventory-svc}. */
        String service();

        /** The action, e.g. {@code reserve-stock}. */
        String action();

        /** Creates a fresh entity (through the public API) holding {@code free} units and returns its id. */
        String freshEntity(long free);

        /** The entity's amounts, read from the participant's own store. */
        Holdings holdings(String entity);

        /** The state of the branch's fence record (TRIED, COMMITTED, ROLLBACKED, SUSPENDED), from the store. */
        Optional<String> fenceState(String entity, Branch branch);
    }

    private static final long START = 100;
    private static final long AMOUNT = 10;
    private static final int ROUNDS = 15;
    private static final AtomicLong BRANCHES = new AtomicLong(8_000_000_000_000_000_000L + System.nanoTime() % 1_000_000_000_000L);

    /**
     * How the kit reaches the participant: one phase for one branch, answered as the conformance endpoint answers
     * ({@code outcome}, {@code reason}, {@code message}). {@code instance} picks which instance runs it, where there
     * are several (Try on one, phase two on another, as the TC may route them).
     */
    @FunctionalInterface
    public interface Driver {
        JsonNode call(String phase, String entity, Branch branch, long amount, Instant deadline, int instance);
    }

    private final Subject subject;
    private final Driver driver;

    private ParticipantConformance(Subject subject, Driver driver) {
        this.subject = subject;
        this.driver = driver;
    }

    /** One test per ordering, against the running stack: over each instance's conformance endpoint. */
    public static Stream<DynamicTest> scenarios(RunningStack stack, Subject subject) {
        Api api = new Api(stack);
        List<String> instances = stack.urls(subject.service());
        return scenarios(subject, (phase, entity, branch, amount, deadline, instance) -> {
            Api.Answer answer = api.send(api.internal(instances.get(instance % instances.size()), "/internal/conformance/" + subject.action())
                    .POST(BodyPublishers.ofString(Api.write(Map.of("phase", phase, "xid", branch.xid(), "branchId", branch.branchId(),
                            "orderId", "conf-" + branch.branchId(), "subject", entity, "amount", amount, "deadline", deadline.toString())))));
            assertThat(answer.status()).as("conformance endpoint of %s: %s", subject.service(), answer).isEqualTo(200);
            return answer.body();
        });
    }

    /**
     * One test per ordering, through {@code driver}: in a module's own tests, the participant's real action and
     * fence on an in-process store (see {@link InProcessConformance}).
     */
    public static Stream<DynamicTest> scenarios(Subject subject, Driver driver) {
        ParticipantConformance kit = new ParticipantConformance(subject, driver);
        return kit.orderings();
    }

    private Stream<DynamicTest> orderings() {
        return Stream.of(
                DynamicTest.dynamicTest("Try then Confirm", this::tryThenConfirm),
                DynamicTest.dynamicTest("Try then Cancel", this::tryThenCancel),
                DynamicTest.dynamicTest("Confirm twice", this::confirmTwice),
                DynamicTest.dynamicTest("Cancel twice", this::cancelTwice),
                DynamicTest.dynamicTest("Cancel with no Try is recorded, and the late Try is refused", this::cancelWithoutTry),
                DynamicTest.dynamicTest("Confirm after Cancel and Cancel after Confirm have no effect", this::phaseTwoInTheOtherDirection),
                DynamicTest.dynamicTest("Try twice reserves once, and Confirm still works", this::tryTwice),
                DynamicTest.dynamicTest("A failed Try leaves nothing, and its Cancel is a null compensation", this::failedTryThenCancel),
                DynamicTest.dynamicTest("A Try past its deadline reserves nothing", this::tryPastDeadline),
                DynamicTest.dynamicTest("Concurrent Confirm + Confirm", this::concurrentConfirms),
                DynamicTest.dynamicTest("Concurrent Cancel + Cancel", this::concurrentCancels),
                DynamicTest.dynamicTest("Concurrent Cancel + Cancel with no Try", this::concurrentNullCancels),
                DynamicTest.dynamicTest("Try racing Cancel", this::tryRacingCancel));
    }

    // ---- the orderings ------------------------------------------------------------------------------------

    private void tryThenConfirm() {
        String entity = subject.freshEntity(START);
        Branch branch = newBranch();
        assertOutcome(tryPhase(entity, branch, AMOUNT), "APPLIED");
        assertState(entity, branch, new Holdings(START - AMOUNT, AMOUNT, 0), "TRIED");
        assertOutcome(confirm(entity, branch), "DONE");
        assertState(entity, branch, new Holdings(START - AMOUNT, 0, AMOUNT), "COMMITTED");
    }

    private void tryThenCancel() {
        String entity = subject.freshEntity(START);
        Branch branch = newBranch();
        assertOutcome(tryPhase(entity, branch, AMOUNT), "APPLIED");
        assertOutcome(cancel(entity, branch), "DONE");
        assertState(entity, branch, new Holdings(START, 0, 0), "ROLLBACKED");
    }

    private void confirmTwice() {
        String entity = subject.freshEntity(START);
        Branch branch = newBranch();
        tryPhase(entity, branch, AMOUNT);
        assertOutcome(confirm(entity, branch), "DONE");
        assertOutcome(confirm(entity, branch), "DONE");
        assertState(entity, branch, new Holdings(START - AMOUNT, 0, AMOUNT), "COMMITTED");
    }

    private void cancelTwice() {
        String entity = subject.freshEntity(START);
        Branch branch = newBranch();
        tryPhase(entity, branch, AMOUNT);
        assertOutcome(cancel(entity, branch), "DONE");
        assertOutcome(cancel(entity, branch), "DONE");
        assertState(entity, branch, new Holdings(START, 0, 0), "ROLLBACKED");
    }

    private void cancelWithoutTry() {
        String entity = subject.freshEntity(START);
        Branch branch = newBranch();
        assertOutcome(cancel(entity, branch), "DONE");
        assertState(entity, branch, new Holdings(START, 0, 0), "SUSPENDED");
        JsonNode late = tryPhase(entity, branch, AMOUNT);
        assertOutcome(late, "REFUSED");
        assertThat(late.path("reason").asText()).isEqualTo("BRANCH_ALREADY_FINISHED");
        assertState(entity, branch, new Holdings(START, 0, 0), "SUSPENDED");
        assertThat(tryPhase(entity, branch, AMOUNT).path("outcome").asText()).as("and refused again").isEqualTo("REFUSED");
        assertState(entity, branch, new Holdings(START, 0, 0), "SUSPENDED");
    }

    private void phaseTwoInTheOtherDirection() {
        String entity = subject.freshEntity(START);
        Branch cancelled = newBranch();
        tryPhase(entity, cancelled, AMOUNT);
        cancel(entity, cancelled);
        assertOutcome(confirm(entity, cancelled), "NO_EFFECT");
        assertState(entity, cancelled, new Holdings(START, 0, 0), "ROLLBACKED");

        Branch confirmed = newBranch();
        tryPhase(entity, confirmed, AMOUNT);
        confirm(entity, confirmed);
        assertOutcome(cancel(entity, confirmed), "NO_EFFECT");
        assertState(entity, confirmed, new Holdings(START - AMOUNT, 0, AMOUNT), "COMMITTED");
    }

    private void tryTwice() {
        String entity = subject.freshEntity(START);
        Branch branch = newBranch();
        assertOutcome(tryPhase(entity, branch, AMOUNT), "APPLIED");
        JsonNode again = tryPhase(entity, branch, AMOUNT);
        assertOutcome(again, "REFUSED");
        assertState(entity, branch, new Holdings(START - AMOUNT, AMOUNT, 0), "TRIED");
        assertOutcome(confirm(entity, branch), "DONE");
        assertState(entity, branch, new Holdings(START - AMOUNT, 0, AMOUNT), "COMMITTED");
    }

    private void failedTryThenCancel() {
        String entity = subject.freshEntity(START);
        Branch branch = newBranch();
        assertOutcome(tryPhase(entity, branch, START + 1), "REFUSED");
        assertState(entity, branch, new Holdings(START, 0, 0), null);
        assertOutcome(cancel(entity, branch), "DONE");
        assertState(entity, branch, new Holdings(START, 0, 0), "SUSPENDED");
    }

    private void tryPastDeadline() {
        String entity = subject.freshEntity(START);
        Branch branch = newBranch();
        JsonNode late = call("TRY", entity, branch, AMOUNT, Instant.now().minusSeconds(1), 0);
        assertOutcome(late, "REFUSED");
        assertThat(late.path("reason").asText()).isEqualTo("DEADLINE_EXCEEDED");
        assertState(entity, branch, new Holdings(START, 0, 0), null);
    }

    private void concurrentConfirms() throws Exception {
        String entity = subject.freshEntity(START * ROUNDS);
        for (int round = 1; round <= ROUNDS; round++) {
            Branch branch = newBranch();
            tryPhase(entity, branch, AMOUNT);
            List<JsonNode> outcomes = race(() -> confirm(entity, branch), () -> confirm(entity, branch));
            outcomes.forEach(outcome -> assertThat(outcome.path("outcome").asText()).as(outcome.toString()).isIn("DONE", "FAILED"));
            retryUntilSettled(() -> confirm(entity, branch));
            assertState(entity, branch, new Holdings(START * ROUNDS - AMOUNT * round, 0, AMOUNT * round), "COMMITTED");
        }
    }

    private void concurrentCancels() throws Exception {
        String entity = subject.freshEntity(START);
        for (int round = 0; round < ROUNDS; round++) {
            Branch branch = newBranch();
            tryPhase(entity, branch, AMOUNT);
            List<JsonNode> outcomes = race(() -> cancel(entity, branch), () -> cancel(entity, branch));
            outcomes.forEach(outcome -> assertThat(outcome.path("outcome").asText()).as(outcome.toString()).isIn("DONE", "FAILED"));
            retryUntilSettled(() -> cancel(entity, branch));
            assertState(entity, branch, new Holdings(START, 0, 0), "ROLLBACKED");
        }
    }

    private void concurrentNullCancels() throws Exception {
        String entity = subject.freshEntity(START);
        for (int round = 0; round < ROUNDS; round++) {
            Branch branch = newBranch();
            List<JsonNode> outcomes = race(() -> cancel(entity, branch), () -> cancel(entity, branch));
            outcomes.forEach(outcome -> assertThat(outcome.path("outcome").asText()).as(outcome.toString()).isIn("DONE", "FAILED"));
            retryUntilSettled(() -> cancel(entity, branch));
            assertState(entity, branch, new Holdings(START, 0, 0), "SUSPENDED");
        }
    }

    private void tryRacingCancel() throws Exception {
        String entity = subject.freshEntity(START);
        for (int round = 0; round < ROUNDS; round++) {
            Branch branch = newBranch();
            List<JsonNode> outcomes = race(() -> tryPhase(entity, branch, AMOUNT), () -> cancel(entity, branch));
            JsonNode tried = outcomes.get(0);
            assertThat(tried.path("outcome").asText()).as(tried.toString()).isIn("APPLIED", "REFUSED");
            retryUntilSettled(() -> cancel(entity, branch));
            String state = subject.fenceState(entity, branch).orElse("none");
            assertThat(state).as("after the race and its Cancel").isIn("ROLLBACKED", "SUSPENDED");
            if (state.equals("SUSPENDED")) {
                assertThat(tried.path("reason").asText()).as("a Cancel that came first refuses the Try").isEqualTo("BRANCH_ALREADY_FINISHED");
            } else {
                assertThat(tried.path("outcome").asText()).as("a Try that came first is compensated").isEqualTo("APPLIED");
            }
            assertState(entity, branch, new Holdings(START, 0, 0), state);
        }
    }

    // ---- driving the participant --------------------------------------------------------------------------

    private static Branch newBranch() {
        return new Branch("conformance:" + UUID.randomUUID(), BRANCHES.incrementAndGet());
    }

    /** Try on one instance… */
    private JsonNode tryPhase(String entity, Branch branch, long amount) {
        return call("TRY", entity, branch, amount, Instant.now().plusSeconds(60), 0);
    }

    /** …phase two on another, as the TC may route it. */
    private JsonNode confirm(String entity, Branch branch) {
        return call("CONFIRM", entity, branch, 0, Instant.now().plusSeconds(60), 1);
    }

    private JsonNode cancel(String entity, Branch branch) {
        return call("CANCEL", entity, branch, 0, Instant.now().plusSeconds(60), 1);
    }

    private JsonNode call(String phase, String entity, Branch branch, long amount, Instant deadline, int instance) {
        return driver.call(phase, entity, branch, amount, deadline, instance);
    }

    /** Phase two that FAILED is retried, as the TC retries it, until it answers for good. */
    private static void retryUntilSettled(Callable<JsonNode> phaseTwo) throws Exception {
        for (int attempt = 0; attempt < 10; attempt++) {
            if (!phaseTwo.call().path("outcome").asText().equals("FAILED")) {
                return;
            }
        }
        throw new AssertionError("phase two kept failing");
    }

    private static List<JsonNode> race(Callable<JsonNode> first, Callable<JsonNode> second) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (Callable<JsonNode> phase : List.of(first, second)) {
                futures.add(threads.submit(() -> {
                    start.await();
                    return phase.call();
                }));
            }
            start.countDown();
            List<JsonNode> results = new ArrayList<>();
            for (Future<JsonNode> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            threads.shutdown();
        }
    }

    private static void assertOutcome(JsonNode answer, String outcome) {
        assertThat(answer.path("outcome").asText()).as(answer.toString()).isEqualTo(outcome);
    }

    private void assertState(String entity, Branch branch, Holdings expected, String fenceState) {
        assertThat(subject.holdings(entity)).as("%s of %s", subject.action(), entity).isEqualTo(expected);
        assertThat(subject.fenceState(entity, branch).orElse(null)).as("fence record of %s", branch).isEqualTo(fenceState);
    }
}
