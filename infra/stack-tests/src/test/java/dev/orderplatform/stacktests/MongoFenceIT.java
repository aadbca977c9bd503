package dev.orderplatform.stacktests;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import dev.orderplatform.kit.tcc.MongoTccFence;
import dev.orderplatform.kit.tcc.MongoTccFence.Branch;
import dev.orderplatform.kit.tcc.MongoTccFence.TryResult;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * platform-kit's MongoDB TCC fence against the stack's Mongo server: every ordering a participant meets,
 * with the balance checked after each. (Its use by points-svc is covered end to end by the other tests.)
 */
class MongoFenceIT {

    private static final AtomicLong BRANCHES = new AtomicLong(System.nanoTime());
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(4);

    private final MongoTccFence fence = new MongoTccFence(Clock.systemUTC());
    private final MongoCollection<Document> accounts = RunningStack.shared().points().getCollection("fence_it_accounts");
    private final String account = TestData.fresh("mf").user("acct");

    @BeforeEach
    void openAccount() {
        accounts.insertOne(new Document("_id", account).append("balance", 100L).append("frozen", 0L));
    }

    @AfterAll
    static void stopThreads() {
        THREADS.shutdown();
    }

    private static Branch branch() {
        return new Branch("fence-it:" + BRANCHES.get(), BRANCHES.incrementAndGet());
    }

    private TryResult tryFreeze(Branch branch, long amount) {
        return fence.tryApply(accounts, account, branch, gte("balance", amount),
                combine(inc("balance", -amount), inc("frozen", amount)), new Document("amount", amount), false);
    }

    private boolean confirm(Branch branch) {
        return fence.confirm(accounts, account, branch, data -> inc("frozen", -data.get("amount", Number.class).longValue()));
    }

    private boolean cancel(Branch branch) {
        return fence.cancel(accounts, account, branch, data -> combine(
                inc("frozen", -data.get("amount", Number.class).longValue()), inc("balance", data.get("amount", Number.class).longValue())));
    }

    private void assertMoney(long balance, long frozen) {
        Document doc = accounts.find(eq("_id", account)).first();
        assertThat(doc.get("balance", Number.class).longValue()).as("balance").isEqualTo(balance);
        assertThat(doc.get("frozen", Number.class).longValue()).as("frozen").isEqualTo(frozen);
    }

    private String state(Branch branch) {
        return MongoTccFence.fenceRecord(accounts.find(eq("_id", account)).first(), branch).getString("state");
    }

    @Test
    void tryThenConfirm() {
        Branch b = branch();
        assertThat(tryFreeze(b, 30)).isEqualTo(TryResult.APPLIED);
        assertMoney(70, 30);
        assertThat(confirm(b)).isTrue();
        assertMoney(70, 0);
        assertThat(state(b)).isEqualTo("COMMITTED");
    }

    @Test
    void tryThenCancel() {
        Branch b = branch();
        tryFreeze(b, 30);
        assertThat(cancel(b)).isTrue();
        assertMoney(100, 0);
        assertThat(state(b)).isEqualTo("ROLLBACKED");
    }

    @Test
    void confirmTwiceAndCancelTwiceApplyOnce() {
        Branch confirmed = branch();
        tryFreeze(confirmed, 10);
        assertThat(confirm(confirmed)).isTrue();
        assertThat(confirm(confirmed)).isTrue();
        Branch cancelled = branch();
        tryFreeze(cancelled, 20);
        assertThat(cancel(cancelled)).isTrue();
        assertThat(cancel(cancelled)).isTrue();
        assertMoney(90, 0);
    }

    @Test
    void cancelWithoutTryIsRecordedAndTheLateTryIsRefused() {
        Branch b = branch();
        assertThat(cancel(b)).as("null compensation").isTrue();
        assertThat(state(b)).isEqualTo("SUSPENDED");
        assertMoney(100, 0);
        assertThat(tryFreeze(b, 30)).as("anti-hanging").isEqualTo(TryResult.FENCED);
        assertMoney(100, 0);
    }

    @Test
    void phaseTwoInTheOtherDirectionHasNoEffect() {
        Branch confirmed = branch();
        tryFreeze(confirmed, 10);
        confirm(confirmed);
        assertThat(cancel(confirmed)).as("cancel after confirm").isFalse();
        Branch cancelled = branch();
        tryFreeze(cancelled, 10);
        cancel(cancelled);
        assertThat(confirm(cancelled)).as("confirm after cancel").isFalse();
        assertMoney(90, 0);
    }

    @Test
    void aSecondTryOfTheSameBranchIsRefusedAndAGuardFailureChangesNothing() {
        Branch b = branch();
        assertThat(tryFreeze(b, 30)).isEqualTo(TryResult.APPLIED);
        assertThat(tryFreeze(b, 30)).isEqualTo(TryResult.FENCED);
        assertThat(tryFreeze(branch(), 500)).isEqualTo(TryResult.GUARD_FAILED);
        assertMoney(70, 30);
    }

    @Test
    void concurrentOrderingsNeverApplyTwice() throws Exception {
        long expectedBalance = 100;
        for (int round = 0; round < 25; round++) {
            Branch confirmedTwice = branch();
            tryFreeze(confirmedTwice, 1);
            race(() -> confirm(confirmedTwice), () -> confirm(confirmedTwice));
            expectedBalance -= 1;

            Branch cancelledTwice = branch();
            tryFreeze(cancelledTwice, 1);
            race(() -> cancel(cancelledTwice), () -> cancel(cancelledTwice));

            Branch tryRacingCancel = branch();
            List<Object> outcomes = race(() -> tryFreeze(tryRacingCancel, 1), () -> cancel(tryRacingCancel));
            // whichever came first, once Cancel has returned nothing stays frozen: either it compensated the
            // Try (ROLLBACKED) or it came first and the Try was refused (SUSPENDED)
            assertThat(outcomes.get(1)).isEqualTo(true);
            assertThat(state(tryRacingCancel)).isIn("ROLLBACKED", "SUSPENDED");
            if (state(tryRacingCancel).equals("SUSPENDED")) {
                assertThat(outcomes.get(0)).isEqualTo(TryResult.FENCED);
            }
            assertMoney(expectedBalance, 0);
        }
    }

    private static List<Object> race(Callable<Object> first, Callable<Object> second) throws Exception {
        List<Future<Object>> futures = List.of(THREADS.submit(first), THREADS.submit(second));
        List<Object> results = new ArrayList<>();
        for (Future<Object> future : futures) {
            results.add(future.get());
        }
        return results;
    }

}
