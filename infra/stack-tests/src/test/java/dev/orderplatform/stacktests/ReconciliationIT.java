package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation compares orders with the participants' own ledgers, not with the TC: a drift written straight into
 * inventory's database (then into points' MongoDB) is found, with the evidence and a proposed compensation as a
 * dry-run item; an untouched order beside it is not reported; reconciling changes nothing; once put back, no drift.
 */
class ReconciliationIT {

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("rc");
    private final Invariants invariants = new Invariants(stack, data.prefix());

    @Test
    void aDriftWrittenIntoOneDatabaseIsReportedWithEvidenceAndAProposalAndNothingChanges() throws SQLException {
        String sku = data.sku("SKU");
        String user = data.user("rui");
        assertThat(api.restock(sku, 300, 100).status()).isEqualTo(201);
        assertThat(api.topUp(user, 100_000).status()).isEqualTo(201);
        assertThat(api.grantPoints(user, 100).status()).isEqualTo(201);
        String tampered = placePaidOrder(user, sku, 2);
        String untouched = placePaidOrder(user, sku, 1);
        invariants.awaitSettledAndAssertAll();

        JsonNode clean = reconcile(tampered, untouched);
        assertThat(clean.path("ordersCompared").asInt()).isEqualTo(2);
        assertThat(clean.path("drifts").asInt()).as("agreeing ledgers: %s", clean).isZero();

        // the drift: inventory's ledger says the paid order's stock was released, as a bad manual fix would leave it
        assertThat(update("inventory", "UPDATE stock_reservations SET status = 'CANCELLED' WHERE order_id = ?", tampered)).isEqualTo(1);
        try {
            JsonNode report = reconcile(tampered, untouched);
            assertThat(report.path("drifts").asInt()).as(report.toString()).isEqualTo(1);
            JsonNode run = api.adminCall("viewer", "GET", "/admin/compensation-runs/" + report.path("runId").asText(), null).body();
            assertThat(run.path("source").asText()).isEqualTo("RECONCILIATION");
            assertThat(run.path("dryRun").asBoolean()).isTrue();
            assertThat(elements(run.path("items"))).singleElement().satisfies(drift -> {
                assertThat(drift.path("kind").asText()).isEqualTo("DRIFT");
                assertThat(drift.path("orderId").asText()).isEqualTo(tampered);
                assertThat(drift.path("found").asText()).contains("paid order bought 2").contains("inventory sold 0");
                assertThat(drift.path("evidence").asText()).contains("order PAID").contains("CANCELLED=2");
                assertThat(drift.path("action").asText()).isEqualTo("REVIEW_PAID_ORDER");
                assertThat(drift.path("result").asText()).isEqualTo("PLANNED");
            });
            assertThat(invariants.rows("inventory", "SELECT status FROM stock_reservations WHERE order_id = ?", tampered))
                    .as("reconciling changes nothing").allSatisfy(row -> assertThat(row.s("status")).isEqualTo("CANCELLED"));
            assertThat(api.counterSum("order-svc", "reconciliation.drifts", null)).isGreaterThanOrEqualTo(1);
            assertThat(elements(api.adminCall("viewer", "GET", "/admin/audit?target=" + report.path("runId").asText(), null).body()))
                    .anySatisfy(entry -> assertThat(entry.path("action").asText()).isEqualTo("reconcile"));
        } finally {
            update("inventory", "UPDATE stock_reservations SET status = 'CONFIRMED' WHERE order_id = ?", tampered);
        }

        assertThat(reconcile(tampered, untouched).path("drifts").asInt()).as("put back, agreeing again").isZero();

        // and in the points ledger (MongoDB): the paid order's redeemed freeze made to look released
        String freeze = freezeOf(user, tampered);
        setFreezeState(user, freeze, "ROLLBACKED");
        try {
            JsonNode report = reconcile(tampered, untouched);
            assertThat(report.path("drifts").asInt()).as(report.toString()).isEqualTo(1);
            JsonNode run = api.adminCall("viewer", "GET", "/admin/compensation-runs/" + report.path("runId").asText(), null).body();
            assertThat(elements(run.path("items"))).singleElement().satisfies(drift -> {
                assertThat(drift.path("stragglerId").asText()).contains("points-svc");
                assertThat(drift.path("found").asText()).contains("paid order has 0 redeemed points freezes");
                assertThat(drift.path("evidence").asText()).contains("ROLLBACKED redeem 10");
                assertThat(drift.path("action").asText()).isEqualTo("REVIEW_PAID_ORDER");
            });
        } finally {
            setFreezeState(user, freeze, "COMMITTED");
        }
        assertThat(reconcile(tampered, untouched).path("drifts").asInt()).isZero();
        invariants.awaitSettledAndAssertAll();
    }

    /** The id of the fence record (points-svc's fence collection) of the order's points freeze for {@code user}. */
    private String freezeOf(String user, String orderId) {
        Document record = stack.points().getCollection("tcc_fence")
                .find(new Document("data.orderId", orderId).append("holder", user)).first();
        assertThat(record).as("the points freeze of %s", orderId).isNotNull();
        return record.getString("_id");
    }

    private void setFreezeState(String user, String freeze, String state) {
        stack.points().getCollection("tcc_fence").updateOne(new Document("_id", freeze),
                new Document("$set", new Document("state", state)));
    }

    @Test
    void badInputIsRefusedWithAProblemAndRecordsNothing() {
        Answer bad = api.adminCall("viewer", "POST", "/admin/reconciliations", Map.of("orderIds", List.of("not an id!")));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.body().path("detail").asText()).isNotBlank();
        Answer anonymous = api.send(api.request(stack.url("order-svc") + "/admin/reconciliations")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(anonymous.status()).isEqualTo(401);
    }

    private String placePaidOrder(String user, String sku, int quantity) {
        Answer placed = api.placeOrder(TestData.key(), walletOrder(user, List.of(item(sku, quantity)), 10));
        assertThat(placed.body().path("status").asText()).as(placed.toString()).isEqualTo("PAID");
        return placed.body().path("orderId").asText();
    }

    private JsonNode reconcile(String... orderIds) {
        Answer answer = api.adminCall("viewer", "POST", "/admin/reconciliations", Map.of("orderIds", List.of(orderIds)));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.body();
    }

    private int update(String database, String sql, String arg) throws SQLException {
        try (Connection connection = stack.sql(database); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, arg);
            return statement.executeUpdate();
        }
    }

    private static List<JsonNode> elements(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
