package dev.orderplatform.points.tcc;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.tracing.PhaseTwoTraces;
import dev.orderplatform.kit.tcc.MongoTccFence;
import dev.orderplatform.kit.tcc.TccMetrics;
import dev.orderplatform.kit.testing.InProcessConformance;
import dev.orderplatform.kit.testing.ParticipantConformance;
import dev.orderplatform.kit.testing.ParticipantConformance.Branch;
import dev.orderplatform.kit.testing.ParticipantConformance.Holdings;
import dev.orderplatform.points.store.PointAccounts;
import dev.orderplatform.points.store.PointGrants;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The participant conformance kit's every ordering against points-svc's real freeze-points action and platform-kit's
 * MongoTccFence, on the MongoDB stand-in started inside this JVM: the fence's guarantees at unit-test speed, before
 * the stack starts (the stack's ParticipantConformanceIT runs the same orderings over HTTP on two instances).
 */
class FreezePointsConformanceTest {

    private static MongoServer server;
    private static MongoClient client;
    private static PointAccounts accounts;
    private static PointGrants grants;
    private static MongoTccFence fence;
    private static FreezePointsConformance target;

    @BeforeAll
    static void start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        MongoDatabase database = client.getDatabase("points");
        Clock clock = Clock.systemUTC();
        accounts = new PointAccounts(database);
        fence = new MongoTccFence(database, clock, new TccMetrics(new SimpleMeterRegistry()));
        grants = new PointGrants(database, accounts, fence, clock);
        target = new FreezePointsConformance(new FreezePointsAction(new PointFreezes(accounts, fence), new FaultHooks(false),
                PhaseTwoTraces.off()));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.shutdownNow();
    }

    @TestFactory
    Stream<DynamicTest> everyOrderingOfTheFreezePointsPhases() {
        return ParticipantConformance.scenarios(new ParticipantConformance.Subject() {
            @Override
            public String service() {
                return "points-svc";
            }

            @Override
            public String action() {
                return FreezePointsAction.NAME;
            }

            @Override
            public String freshEntity(long free) {
                String user = "conf-" + UUID.randomUUID();
                grants.grant("grant-" + UUID.randomUUID(), user, free, "conformance", "key-" + user);
                return user;
            }

            @Override
            public Holdings holdings(String user) {
                Document account = accounts.collection().find(eq("_id", user)).first();
                return new Holdings(count(account, "balance"), count(account, "frozen"), count(account, "redeemed"));
            }

            @Override
            public Optional<String> fenceState(String user, Branch branch) {
                MongoTccFence.State state = fence.stateOf(new MongoTccFence.Branch(FreezePointsAction.NAME, branch.xid(), branch.branchId()));
                return Optional.ofNullable(state).map(Enum::name);
            }

            private long count(Document account, String field) {
                Number value = account.get(field, Number.class);
                return value == null ? 0 : value.longValue();
            }
        }, new InProcessConformance(target));
    }
}
