package dev.orderplatform.stacktests;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Storage stays bounded: each service's pruning — run now through {@code POST /admin/retention/prune}, exactly what its
 * scheduled job runs — deletes the finished records older than their retention (application.yml of each service) and
 * nothing else: not a newer record, not a callback still waiting to be processed, not the saga log of an open order or
 * of a saga still running. Records are planted with their ages in the databases and read back from them.
 */
class RetentionIT {

    private static final String AGO = "UTC_TIMESTAMP(3) - INTERVAL ";

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("rt");
    private final Invariants invariants = new Invariants(stack, data.prefix());
    private final String p = data.prefix();

    @Test
    void orderServiceDeletesOnlyFinishedRecordsPastTheirRetention() {
        plantKeys("orders", 49, 47); // kept 48 h
        exec("orders", "INSERT INTO straggler_job_runs (instance, started_at) VALUES (?, " + AGO + "8 DAY), (?, " + AGO + "6 DAY)",
                p + "old", p + "new"); // 7 d
        for (String[] run : new String[][] {{"old", "91"}, {"new", "89"}}) { // 90 d, with their items
            exec("orders", "INSERT INTO compensation_runs (run_id, source, dry_run, older_than, max_items, requested_by, status, created_at) "
                    + "VALUES (?, 'STRAGGLERS', TRUE, 'PT1H', 1, 'retention-test', 'FINISHED', " + AGO + run[1] + " DAY)", p + run[0]);
            exec("orders", "INSERT INTO compensation_run_items (run_id, item_no, straggler_id, kind, found, result) "
                    + "VALUES (?, 1, 'order:x', 'ORDER', 'planted', 'DONE'), (?, 2, 'order:y', 'ORDER', 'planted', 'DONE')", p + run[0], p + run[0]);
        }
        exec("orders", "INSERT INTO admin_audit (at, actor, action, target, result) VALUES (" + AGO + "366 DAY, 'retention-test', 'test', ?, 'DONE'), "
                + "(" + AGO + "364 DAY, 'retention-test', 'test', ?, 'DONE')", p + "old", p + "new"); // 365 d

        // saga logs (30 d): only ended sagas of closed orders, each with one state
        plantOrder("closed", "EXPIRED");
        plantOrder("open", "PENDING_PAYMENT");
        plantOrder("closed-running", "EXPIRED");
        plantOrder("closed-recent", "EXPIRED");
        plantOrder("closed-compensating", "REJECTED");
        plantSaga("ended-closed", p + "closed", "31 DAY", "SU", null);
        plantSaga("settled-closed", p + "closed:settle", "31 DAY", "SU", null);
        plantSaga("ended-open", p + "open", "31 DAY", "SU", null);
        plantSaga("running", p + "closed-running", null, "RU", null);
        plantSaga("ended-recent", p + "closed-recent", "29 DAY", "FA", null);
        plantSaga("compensation-failed", p + "closed-compensating", "31 DAY", "FA", "FA");

        assertPrunedCompletely(prune("order-svc"), "idempotency-keys", "straggler-job-runs", "compensation-runs", "admin-audit", "saga-logs");

        assertThat(column("orders", "SELECT idem_key AS v FROM idempotency_keys WHERE idem_key LIKE ?")).containsExactly(p + "new");
        assertThat(column("orders", "SELECT instance AS v FROM straggler_job_runs WHERE instance LIKE ?")).containsExactly(p + "new");
        assertThat(column("orders", "SELECT run_id AS v FROM compensation_runs WHERE run_id LIKE ?")).containsExactly(p + "new");
        assertThat(column("orders", "SELECT run_id AS v FROM compensation_run_items WHERE run_id LIKE ?")).containsExactly(p + "new", p + "new");
        assertThat(column("orders", "SELECT target AS v FROM admin_audit WHERE target LIKE ?")).containsExactly(p + "new");
        List<String> kept = List.of(p + "compensation-failed", p + "ended-open", p + "ended-recent", p + "running");
        assertThat(column("orders", "SELECT id AS v FROM seata_state_machine_inst WHERE id LIKE ? ORDER BY id")).containsExactlyElementsOf(kept);
        assertThat(column("orders", "SELECT machine_inst_id AS v FROM seata_state_inst WHERE machine_inst_id LIKE ? ORDER BY machine_inst_id"))
                .containsExactlyElementsOf(kept);
        assertThat(invariants.orders()).as("orders are the business record: never pruned").hasSize(5);

        prune("order-svc");
        assertThat(column("orders", "SELECT id AS v FROM seata_state_machine_inst WHERE id LIKE ? ORDER BY id"))
                .as("a second run deletes nothing more of it").containsExactlyElementsOf(kept);

        // the open order must not stay open on a stack that runs for days (its deadline is a day ahead)
        exec("orders", "DELETE FROM seata_state_inst WHERE machine_inst_id = ?", p + "ended-open");
        exec("orders", "DELETE FROM seata_state_machine_inst WHERE id = ?", p + "ended-open");
        exec("orders", "DELETE FROM orders WHERE order_id = ?", p + "open");
    }

    @Test
    void paymentServiceKeepsCallbacksNotYetProcessedHoweverOld() {
        plantKeys("payments", 49, 47); // kept 48 h
        // processed callback events (30 d), and one received 40 days ago that is still waiting: held by a claim of
        // "another instance" for a day, so that the live sweep leaves it alone during the test
        exec("payments", "INSERT INTO payment_callback_inbox (event_id, payment_id, status, amount_cents, occurred_at, raw_body, received_at, "
                + "claimed_until, processed_at, outcome) VALUES "
                + "(?, 'pay-x', 'SUCCEEDED', 1, " + AGO + "40 DAY, '{}', " + AGO + "40 DAY, NULL, " + AGO + "31 DAY, 'planted'), "
                + "(?, 'pay-x', 'SUCCEEDED', 1, " + AGO + "40 DAY, '{}', " + AGO + "40 DAY, NULL, " + AGO + "29 DAY, 'planted'), "
                + "(?, 'pay-x', 'SUCCEEDED', 1, " + AGO + "40 DAY, '{}', " + AGO + "40 DAY, UTC_TIMESTAMP(3) + INTERVAL 1 DAY, NULL, NULL)",
                p + "processed-old", p + "processed-new", p + "waiting-old");
        exec("payments", "INSERT INTO payment_callback_anomalies (event_id, payment_id, reason, raw_body, received_at) VALUES "
                + "(?, 'pay-x', 'planted', '{}', " + AGO + "91 DAY), (?, 'pay-x', 'planted', '{}', " + AGO + "89 DAY)", p + "old", p + "new"); // 90 d
        try {
            assertPrunedCompletely(prune("payment-svc"), "idempotency-keys", "callback-inbox", "callback-anomalies");
            assertThat(column("payments", "SELECT idem_key AS v FROM idempotency_keys WHERE idem_key LIKE ?")).containsExactly(p + "new");
            assertThat(column("payments", "SELECT event_id AS v FROM payment_callback_inbox WHERE event_id LIKE ? ORDER BY event_id"))
                    .containsExactly(p + "processed-new", p + "waiting-old");
            assertThat(column("payments", "SELECT event_id AS v FROM payment_callback_anomalies WHERE event_id LIKE ?")).containsExactly(p + "new");
        } finally {
            exec("payments", "DELETE FROM payment_callback_inbox WHERE event_id = ?", p + "waiting-old");
        }
    }

    @Test
    void pointsServicePrunesOldKeysFromMongo() {
        MongoCollection<Document> keys = stack.points().getCollection("idempotency_keys");
        Instant now = Instant.now();
        for (String[] key : new String[][] {{"old", "49"}, {"new", "47"}}) {
            Instant created = now.minus(Duration.ofHours(Long.parseLong(key[1])));
            keys.insertOne(new Document("_id", "retention-test|" + p + key[0]).append("scope", "retention-test")
                    .append("key", p + key[0]).append("requestHash", "h".repeat(64)).append("state", "COMPLETED")
                    .append("leaseUntil", Date.from(created)).append("createdAt", Date.from(created)));
        }

        assertPrunedCompletely(prune("points-svc"), "idempotency-keys");
        List<String> left = new ArrayList<>();
        keys.find(Filters.regex("key", "^" + p)).forEach(doc -> left.add(doc.getString("key")));
        assertThat(left).containsExactly(p + "new");
    }

    /**
     * Runs the pruning now. The scheduled run may hold the lock at that moment (it then does the same work): asked
     * again until this call runs it. What was deleted is checked in the databases, not in the counts of this run.
     */
    private Answer prune(String service) {
        return Awaitility.await("a pruning run of " + service).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.send(api.admin(api.request(stack.url(service) + "/admin/retention/prune"))
                        .POST(HttpRequest.BodyPublishers.noBody())), run -> run.status() == 200 && run.body().path("ran").asBoolean());
    }

    private static void assertPrunedCompletely(Answer run, String... stores) {
        for (String store : stores) {
            assertThat(run.body().path("stores").path(store).path("complete").asBoolean())
                    .as("%s pruned to its cut-off within the run's budget: %s", store, run).isTrue();
        }
    }

    private void plantKeys(String database, int oldHours, int newHours) {
        exec(database, "INSERT INTO idempotency_keys (scope, idem_key, request_hash, state, lease_until, created_at) VALUES "
                        + "('retention-test', ?, REPEAT('h', 64), 'COMPLETED', UTC_TIMESTAMP(3), " + AGO + oldHours + " HOUR), "
                        + "('retention-test', ?, REPEAT('h', 64), 'COMPLETED', UTC_TIMESTAMP(3), " + AGO + newHours + " HOUR)",
                p + "old", p + "new");
    }

    /** An order placed 40 days ago; an open one has a deadline far ahead, so that no job of the stack closes it meanwhile. */
    private void plantOrder(String id, String status) {
        String deadline = "PENDING_PAYMENT".equals(status) ? "UTC_TIMESTAMP(3) + INTERVAL 1 DAY" : AGO + "40 DAY";
        exec("orders", "INSERT INTO orders (order_id, user_id, status, payment_method, points_requested, deadline, created_at, updated_at, version) "
                + "VALUES (?, ?, ?, 'EXTERNAL', 0, " + deadline + ", " + AGO + "40 DAY, " + AGO + "40 DAY, 0)", p + id, data.user("u"), status);
    }

    /** A saga instance (ended {@code endedAgo} ago, or still running when null) with one state. */
    private void plantSaga(String id, String businessKey, String endedAgo, String status, String compensationStatus) {
        String end = endedAgo == null ? "NULL" : AGO + endedAgo;
        exec("orders", "INSERT INTO seata_state_machine_inst (id, machine_id, tenant_id, business_key, gmt_started, gmt_end, status, "
                        + "compensation_status, is_running, gmt_updated) VALUES (?, 'retention-test', '000001', ?, " + AGO + "40 DAY, " + end
                        + ", ?, ?, ?, " + AGO + "40 DAY)",
                p + id, businessKey, status, compensationStatus, endedAgo == null);
        exec("orders", "INSERT INTO seata_state_inst (id, machine_inst_id, name, gmt_started, status) VALUES ('s1', ?, 'planted', "
                + AGO + "40 DAY, ?)", p + id, status);
    }

    private List<String> column(String database, String sql) {
        return invariants.rows(database, sql, p + "%").stream().map(row -> row.s("v")).toList();
    }

    private void exec(String database, String sql, Object... args) {
        try (Connection connection = stack.sql(database); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
