package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.Invariants.Row;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark compares checkout flows only if each does the work it claims. Checked in the databases: the
 * baseline and AT flows change stock, money and points exactly as the shipped TCC checkout does; AT rolls its
 * branches back from the undo log when a later participant refuses; tcc-1 and tcc-2 touch only their own
 * participants. (The stack tests run with {@code --bench}; a shipped stack refuses the header.)
 */
class BenchmarkFlowsIT {

    private static final long PRICE = 250;
    private static final long STOCK = 10;
    private static final long MONEY = 10_000;
    private static final long POINTS = 100;

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);

    @ParameterizedTest
    @ValueSource(strings = {"baseline", "at", "tcc"})
    void aFullFlowChangesStockMoneyAndPointsLikeTheShippedCheckout(String flow) {
        TestData data = TestData.fresh("bf" + flow.replace("-", ""));
        String sku = data.sku("MUG");
        String user = data.user("ann");
        seed(sku, user, POINTS);

        JsonNode order = api.placeOrderWithFlow(flow, TestData.key(), walletOrder(user, List.of(item(sku, 2)), 50)).body();
        assertThat(order.path("status").asText()).as(order.toString()).isEqualTo("PAID");

        Invariants invariants = new Invariants(stack, data.prefix());
        invariants.awaitSettledAndAssertAll();
        assertThat(invariants.stock()).singleElement().satisfies(row -> {
            assertThat(row.l("available")).isEqualTo(STOCK - 2);
            assertThat(row.l("sold")).isEqualTo(2);
        });
        assertThat(invariants.wallets()).singleElement().satisfies(wallet -> {
            assertThat(wallet.l("balance_cents")).isEqualTo(MONEY - order.path("amountPaidCents").asLong());
            assertThat(wallet.l("spent_cents")).isEqualTo(order.path("amountPaidCents").asLong());
        });
        assertThat(invariants.pointAccounts()).singleElement().satisfies(account -> assertThat(Invariants.count(account, "balance"))
                .isEqualTo(POINTS - order.path("pointsRedeemed").asLong() + order.path("pointsEarned").asLong()));
        if (flow.equals("at")) {
            String xid = invariants.orders().get(0).s("xid");
            Awaitility.await("phase two deletes the AT undo logs").atMost(Duration.ofSeconds(30))
                    .until(() -> undoLogs("inventory", xid) + undoLogs("payments", xid) == 0);
        }
    }

    @Test
    void atRollsItsBranchesBackFromTheUndoLogWhenALaterParticipantRefuses() {
        TestData data = TestData.fresh("bfatrb");
        String sku = data.sku("MUG");
        String user = data.user("bob");
        seed(sku, user, 10);

        // stock and money are committed locally as AT branches; then the points Try refuses
        JsonNode order = api.placeOrderWithFlow("at", TestData.key(), walletOrder(user, List.of(item(sku, 3)), 50)).body();
        assertThat(order.path("status").asText()).as(order.toString()).isEqualTo("REJECTED");
        assertThat(order.path("reason").asText()).isEqualTo("INSUFFICIENT_POINTS");

        Invariants invariants = new Invariants(stack, data.prefix()).exceptStockCache("Seata AT rolls the stock back from its "
                + "undo log, behind the application: no stock message goes out and the version goes back (docs/stock-cache-and-flash-sales.md, Stock cache)");
        invariants.awaitSettledAndAssertAll();
        assertThat(invariants.stock()).singleElement().satisfies(row -> {
            assertThat(row.l("available")).as("restored from the undo log").isEqualTo(STOCK);
            assertThat(row.l("sold")).isZero();
        });
        assertThat(invariants.wallets()).singleElement().satisfies(wallet -> assertThat(wallet.l("balance_cents")).isEqualTo(MONEY));
        // the undo log reverses inserts too: the AT branches' reservation and payment rows are gone
        assertThat(invariants.reservations()).isEmpty();
        assertThat(invariants.payments()).isEmpty();
    }

    @Test
    void fewerParticipantsTouchOnlyTheirOwnLedgers() {
        TestData data = TestData.fresh("bfpart");
        String sku = data.sku("MUG");
        String one = data.user("one");
        String two = data.user("two");
        assertThat(api.restock(sku, PRICE, STOCK).status()).isEqualTo(201);
        for (String user : List.of(one, two)) {
            assertThat(api.topUp(user, MONEY).status()).isEqualTo(201);
            assertThat(api.grantPoints(user, POINTS).status()).isEqualTo(201);
        }

        assertThat(api.placeOrderWithFlow("tcc-1", TestData.key(), walletOrder(one, List.of(item(sku, 1)), 0)).body()
                .path("status").asText()).isEqualTo("PAID");
        assertThat(api.placeOrderWithFlow("tcc-2", TestData.key(), walletOrder(two, List.of(item(sku, 1)), 0)).body()
                .path("status").asText()).isEqualTo("PAID");

        Invariants invariants = new Invariants(stack, data.prefix());
        invariants.assertSettled();
        assertThat(invariants.stock()).singleElement().satisfies(row -> assertThat(row.l("sold")).isEqualTo(2));
        List<Row> payments = invariants.payments();
        assertThat(payments).extracting(p -> p.s("user_id")).as("only tcc-2 takes money").containsExactly(two);
        assertThat(invariants.wallets()).filteredOn(w -> w.s("user_id").equals(one))
                .singleElement().satisfies(w -> assertThat(w.l("balance_cents")).isEqualTo(MONEY));
        assertThat(invariants.pointAccounts()).allSatisfy((Document account) ->
                assertThat(Invariants.count(account, "balance")).as("no flow here includes points").isEqualTo(POINTS));
    }

    private void seed(String sku, String user, long points) {
        assertThat(api.restock(sku, PRICE, STOCK).status()).isEqualTo(201);
        assertThat(api.topUp(user, MONEY).status()).isEqualTo(201);
        assertThat(api.grantPoints(user, points).status()).isEqualTo(201);
    }

    private long undoLogs(String database, String xid) {
        try (Connection connection = stack.sql(database);
             PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM undo_log WHERE xid = ?")) {
            query.setString(1, xid);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
