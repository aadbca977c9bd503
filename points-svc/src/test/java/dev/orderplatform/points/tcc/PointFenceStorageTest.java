package dev.orderplatform.points.tcc;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.orderplatform.kit.tcc.MongoTccFence;
import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.tcc.TccMetrics;
import dev.orderplatform.kit.testing.MovableClock;
import dev.orderplatform.points.store.PointAccountFences;
import dev.orderplatform.points.store.PointAccounts;
import dev.orderplatform.points.store.PointGrants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where points-svc's fence records live: one document per branch in the fence's own collection, found by {@code _id};
 * an account carries a branch's marker only while the branch is in flight (or, cancelled, until its record is cleaned
 * up), so an account that ever ordered does not carry its history. Records an earlier version kept inside the account
 * are moved out at start-up without losing a branch in flight.
 */
class PointFenceStorageTest {

    private static final Duration HORIZON = Duration.ofMinutes(30);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MongoServer server;
    private MongoClient client;
    private PointAccounts accounts;
    private MongoTccFence fence;
    private PointFreezes freezes;

    @BeforeEach
    void start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        MongoDatabase database = client.getDatabase("points");
        accounts = new PointAccounts(database);
        fence = new MongoTccFence(database, clock, new TccMetrics(meters));
        freezes = new PointFreezes(accounts, fence);
        new PointGrants(database, accounts, fence, clock).grant("g-1", "ann", 100, "test", "k-1");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void aBranchIsRecordedInTheFenceCollectionAndMarkedInTheAccountOnlyUntilTheCleanup() {
        MongoTccFence.Branch branch = branch(1);
        freezes.freeze(branch, "o-1", "ann", clock.instant().plusSeconds(30), 10, 5);
        assertThat(pending()).as("in flight: the account marks the branch").containsEntry("b1", "TRIED");
        clock.advance(Duration.ofSeconds(20));
        fence.publishInDoubt();
        assertThat(inDoubt("tcc.reservations.in_doubt")).isEqualTo(1);
        assertThat(inDoubt("tcc.reservations.in_doubt.oldest")).isEqualTo(20);

        assertThat(freezes.redeem(branch, "ann")).isTrue();
        fence.publishInDoubt();
        assertThat(inDoubt("tcc.reservations.in_doubt")).isZero();
        assertThat(pending()).as("the marker says which way it went").containsEntry("b1", "COMMITTED");
        assertThat(account()).containsEntry("balance", 95L).containsEntry("frozen", 0L).containsEntry("redeemed", 10L);
        Document record = fence.records().find(eq("_id", branch.recordId())).first();
        assertThat(record).as("the record, by _id").isNotNull().containsEntry("state", "COMMITTED").containsEntry("holder", "ann");

        clock.advance(HORIZON.plusMinutes(1));
        assertThat(new PointAccountFences(accounts, fence).deleteFinished(clock.instant().minus(HORIZON),
                clock.instant().minus(Duration.ofHours(48)))).isEqualTo(1);
        assertThat(pending()).as("the account keeps nothing of the branch").isEmpty();
        assertThat(fence.stateOf(branch)).isNull();
    }

    @Test
    void aTryRetriedAfterItsProcessDiedBetweenItsTwoWritesAppliesOnce() {
        MongoTccFence.Branch branch = branch(4);
        // the first attempt recorded the branch and died before moving any points
        fence.records().insertOne(new Document("_id", branch.recordId()).append("action", branch.action()).append("xid", branch.xid())
                .append("branchId", branch.branchId()).append("holder", "ann").append("state", "TRIED")
                .append("data", new Document("orderId", "o-4").append("redeem", 10L).append("earn", 0L))
                .append("createdAt", Date.from(clock.instant())).append("updatedAt", Date.from(clock.instant())));

        freezes.freeze(branch, "o-4", "ann", clock.instant().plusSeconds(30), 10, 0);
        assertThat(account()).containsEntry("balance", 90L).containsEntry("frozen", 10L);
        assertThatThrownBy(() -> freezes.freeze(branch, "o-4", "ann", clock.instant().plusSeconds(30), 10, 0))
                .as("a third attempt finds it applied").isInstanceOf(ParticipantRefusedException.class)
                .hasMessageContaining("already tried");
        assertThat(account()).containsEntry("balance", 90L).containsEntry("frozen", 10L);
        assertThat(freezes.redeem(branch, "ann")).isTrue();
        assertThat(account()).containsEntry("frozen", 0L).containsEntry("redeemed", 10L);
    }

    @Test
    void aCancelledBranchKeepsItsMarkerUntilTheCleanupRemovesItWithTheRecord() {
        MongoTccFence.Branch branch = branch(2);
        freezes.freeze(branch, "o-2", "ann", clock.instant().plusSeconds(30), 10, 5);
        assertThat(freezes.release(branch, "ann")).isTrue();
        assertThat(pending()).containsEntry("b2", "ROLLBACKED");
        assertThat(account()).containsEntry("balance", 100L).containsEntry("frozen", 0L);

        PointAccountFences store = new PointAccountFences(accounts, fence);
        assertThat(store.deleteFinished(clock.instant().minus(HORIZON), clock.instant().minus(Duration.ofHours(48))))
                .as("inside the horizon: kept").isZero();
        clock.advance(HORIZON.plusMinutes(1));
        assertThat(store.deleteFinished(clock.instant().minus(HORIZON), clock.instant().minus(Duration.ofHours(48)))).isEqualTo(1);
        assertThat(pending()).as("the marker went with the record").isEmpty();
        assertThat(fence.stateOf(branch)).isNull();

        clock.advance(Duration.ofHours(49));
        store.deleteFinished(clock.instant().minus(HORIZON), clock.instant().minus(Duration.ofHours(48)));
        assertThat(account()).as("no empty sub-document stays once the grant's one-off record is gone")
                .doesNotContainKey(MongoTccFence.FIELD);
    }

    @Test
    void recordsAnEarlierVersionKeptInTheAccountAreMovedOutAndStillConfirm() {
        // a Try recorded the old way (inside the account), still in doubt when the new version starts
        Date then = Date.from(clock.instant());
        accounts.collection().updateOne(eq("_id", "ann"), new Document("$inc", new Document("balance", -10).append("frozen", 10))
                .append("$set", new Document(MongoTccFence.FIELD + ".b3", new Document("state", "TRIED").append("action", FreezePointsAction.NAME)
                        .append("xid", "x-3").append("data", new Document("orderId", "o-3").append("redeem", 10L).append("earn", 0L))
                        .append("createdAt", then).append("updatedAt", then))));

        new PointAccountFences(accounts, fence); // start-up
        MongoTccFence.Branch branch = new MongoTccFence.Branch(FreezePointsAction.NAME, "x-3", 3);
        assertThat(fence.stateOf(branch)).isEqualTo(MongoTccFence.State.TRIED);
        assertThat(account().get(MongoTccFence.FIELD, Document.class)).as("only the grant's one-off record stays").doesNotContainKey("b3");

        assertThat(freezes.redeem(branch, "ann")).isTrue();
        assertThat(account()).containsEntry("frozen", 0L).containsEntry("redeemed", 10L);
        assertThat(pending()).containsEntry("b3", "COMMITTED");
        new PointAccountFences(accounts, fence); // a second start moves nothing twice
        assertThat(account()).containsEntry("redeemed", 10L);
    }

    private double inDoubt(String gauge) {
        return meters.get(gauge).tag("action", FreezePointsAction.NAME).gauge().value();
    }

    private MongoTccFence.Branch branch(long id) {
        return new MongoTccFence.Branch(FreezePointsAction.NAME, "x-" + id, id);
    }

    private Document account() {
        return accounts.collection().find(eq("_id", "ann")).first();
    }

    private Document pending() {
        Document pending = account().get(MongoTccFence.PENDING, Document.class);
        return pending == null ? new Document() : pending;
    }
}
