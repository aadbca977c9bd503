package dev.orderplatform.stacktests;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.net.http.HttpRequest.BodyPublishers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Fence records are deleted only once they are finished and older than the horizon (30 min: longer than the
 * 30 s global timeout plus the 10 min phase-two retry window, and than the payment window), never while in doubt; and a late Try for a
 * branch whose record was deleted still reserves nothing, because its deadline refuses it. Records are aged by
 * rewriting their timestamps in the store, then the cleanup is run through its admin endpoint.
 */
class FenceCleanupIT {

    private static final AtomicLong BRANCHES = new AtomicLong(7_000_000_000_000_000_000L + System.nanoTime() % 1_000_000_000_000L);

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("fc");

    @Test
    void mysqlFenceRecordsAreDeletedOnlyWhenFinishedAndPastTheHorizon() throws Exception {
        String sku = data.sku("SKU");
        assertThat(api.restock(sku, 100, 50).status()).isEqualTo(201);
        Instant deadline = Instant.now().plusSeconds(20);
        long expired = phase("inventory-svc", "reserve-stock", "CANCEL", sku, deadline, newBranch());  // SUSPENDED
        long recent = phase("inventory-svc", "reserve-stock", "CANCEL", sku, deadline, newBranch());   // SUSPENDED
        long inDoubt = phase("inventory-svc", "reserve-stock", "TRY", sku, deadline, newBranch());     // TRIED

        Duration horizon = horizonOf("inventory-svc");
        ageMySql(expired, horizon.plusMinutes(1));
        ageMySql(recent, horizon.minusMinutes(1));
        ageMySql(inDoubt, horizon.plusHours(1));
        cleanUp("inventory-svc");

        assertThat(mysqlFenceState(expired)).as("finished and past the horizon: deleted").isNull();
        assertThat(mysqlFenceState(recent)).as("inside the horizon: kept").isEqualTo(4);
        assertThat(mysqlFenceState(inDoubt)).as("in doubt: never deleted, however old").isEqualTo(1);

        // the late Try of the deleted branch arrives now, past its deadline: refused, nothing reserved
        JsonNode late = call("inventory-svc", "reserve-stock", "TRY", sku, Instant.now().minusSeconds(1), expired);
        assertThat(late.path("reason").asText()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(mysqlFenceState(expired)).isNull();
        assertThat(api.get(stack.url("inventory-svc") + "/api/inventory/" + sku).body().path("reserved").asLong())
                .as("only the in-doubt Try holds stock").isEqualTo(1);
        assertThat(call("inventory-svc", "reserve-stock", "CANCEL", sku, deadline, inDoubt).path("outcome").asText()).isEqualTo("DONE");
    }

    @Test
    void mongoFenceRecordsAreDeletedOnlyWhenFinishedAndPastTheHorizon() {
        String user = data.user("u");
        assertThat(api.grantPoints(user, 50).status()).isEqualTo(201);
        Instant deadline = Instant.now().plusSeconds(20);
        long expired = phase("points-svc", "freeze-points", "CANCEL", user, deadline, newBranch());
        long recent = phase("points-svc", "freeze-points", "CANCEL", user, deadline, newBranch());
        long inDoubt = phase("points-svc", "freeze-points", "TRY", user, deadline, newBranch());

        Duration horizon = horizonOf("points-svc");
        ageMongo(expired, horizon.plusMinutes(1));
        ageMongo(recent, horizon.minusMinutes(1));
        ageMongo(inDoubt, horizon.plusHours(1));
        cleanUp("points-svc");

        assertThat(mongoFenceState(user, expired)).as("finished and past the horizon: deleted").isNull();
        assertThat(mongoFenceState(user, recent)).as("inside the horizon: kept").isEqualTo("SUSPENDED");
        assertThat(mongoFenceState(user, inDoubt)).as("in doubt: never deleted").isEqualTo("TRIED");
        assertThat(account(user).get("tccFence", Document.class).keySet()).as("the grant's one-off record is kept for 48 h")
                .anyMatch(key -> key.startsWith("o"));
        assertThat(account(user).get("tccPending", Document.class)).as("the account marks only the branch in flight")
                .containsOnlyKeys("b" + inDoubt);

        JsonNode late = call("points-svc", "freeze-points", "TRY", user, Instant.now().minusSeconds(1), expired);
        assertThat(late.path("reason").asText()).isEqualTo("DEADLINE_EXCEEDED");
        assertThat(mongoFenceState(user, expired)).isNull();
        assertThat(account(user).get("frozen", Number.class).longValue()).as("only the in-doubt Try holds points").isEqualTo(1);
        assertThat(call("points-svc", "freeze-points", "CANCEL", user, deadline, inDoubt).path("outcome").asText()).isEqualTo("DONE");
    }

    private static long newBranch() {
        return BRANCHES.incrementAndGet();
    }

    private long phase(String service, String action, String phase, String subject, Instant deadline, long branch) {
        JsonNode answer = call(service, action, phase, subject, deadline, branch);
        assertThat(answer.path("outcome").asText()).as(answer.toString()).isIn("APPLIED", "DONE");
        return branch;
    }

    private JsonNode call(String service, String action, String phase, String subject, Instant deadline, long branch) {
        return api.send(api.internal(stack.url(service), "/internal/conformance/" + action).POST(BodyPublishers.ofString(Api.write(Map.of(
                "phase", phase, "xid", "cleanup:" + branch, "branchId", branch, "orderId", "cleanup-" + branch,
                "subject", subject, "amount", 1, "deadline", deadline.toString()))))).body();
    }

    /** The horizon the service uses: now minus the cutoff a cleanup run reports. */
    private Duration horizonOf(String service) {
        Instant now = Instant.now();
        JsonNode run = cleanUp(service);
        return Duration.between(Instant.parse(run.path("horizon").asText()), now).plusSeconds(1).withNanos(0);
    }

    private JsonNode cleanUp(String service) {
        Api.Answer answer = api.send(api.admin(api.request(stack.url(service) + "/admin/tcc/fence-cleanup")).POST(BodyPublishers.noBody()));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body();
    }

    private void ageMySql(long branch, Duration age) throws Exception {
        try (Connection connection = stack.sql("inventory");
             PreparedStatement update = connection.prepareStatement("UPDATE tcc_fence_log SET gmt_create = ?, gmt_modified = ? WHERE branch_id = ?")) {
            Timestamp then = Timestamp.from(Instant.now().minus(age));
            update.setTimestamp(1, then);
            update.setTimestamp(2, then);
            update.setLong(3, branch);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private Integer mysqlFenceState(long branch) throws Exception {
        try (Connection connection = stack.sql("inventory");
             PreparedStatement query = connection.prepareStatement("SELECT status FROM tcc_fence_log WHERE branch_id = ?")) {
            query.setLong(1, branch);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getInt(1) : null;
            }
        }
    }

    private void ageMongo(long branch, Duration age) {
        Date then = Date.from(Instant.now().minus(age));
        stack.points().getCollection("tcc_fence").updateOne(eq("_id", "freeze-points/" + branch),
                combine(set("createdAt", then), set("updatedAt", then)));
    }

    private String mongoFenceState(String user, long branch) {
        Document record = stack.points().getCollection("tcc_fence").find(eq("_id", "freeze-points/" + branch)).first();
        assertThat(record == null || user.equals(record.getString("holder"))).as("the record holds %s", user).isTrue();
        return record == null ? null : record.getString("state");
    }

    private Document account(String user) {
        return stack.points().getCollection("point_accounts").find(eq("_id", user)).first();
    }
}
