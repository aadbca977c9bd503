package dev.orderplatform.bench;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.regex;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The soak run's ledgers, read from the databases once the traffic has stopped: every order of the run ended, nothing
 * is held any more (stock reserved, money frozen, points frozen, a fence record still TRIED), a paid order has its one
 * captured payment, and no order that did not end paid kept the customer's money.
 */
final class SoakLedgers {

    /** Each rule and what the databases said. */
    record Check(Map<String, String> findings, boolean holds) {
    }

    private final String mysqlUrl;
    private final String mongoUri;
    private final String run;

    SoakLedgers(String mysqlUrl, String mongoUri, String run) {
        this.mysqlUrl = mysqlUrl;
        this.mongoUri = mongoUri;
        this.run = run;
    }

    /** Waits (bounded) until no order of the run is pending, then checks every rule. */
    Check awaitSettled(Duration atMost) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (count("orders", "SELECT COUNT(*) FROM orders WHERE user_id LIKE ? AND status = 'PENDING_PAYMENT'") > 0
                && System.nanoTime() < deadline) {
            TimeUnit.SECONDS.sleep(2);
        }
        Map<String, String> findings = new LinkedHashMap<>();
        List<Boolean> results = new ArrayList<>();
        rule(findings, results, "every order ended", count("orders",
                "SELECT COUNT(*) FROM orders WHERE user_id LIKE ? AND status = 'PENDING_PAYMENT'"), 0);
        rule(findings, results, "no stock reserved", count("inventory",
                "SELECT COALESCE(SUM(reserved), 0) FROM stock_items WHERE sku LIKE ?"), 0);
        rule(findings, results, "no money frozen", count("payments",
                "SELECT COALESCE(SUM(frozen_cents), 0) FROM wallets WHERE user_id LIKE ?"), 0);
        long paid = count("orders", "SELECT COUNT(*) FROM orders WHERE user_id LIKE ? AND status = 'PAID'");
        rule(findings, results, "one captured payment per paid order (" + paid + " paid)", count("payments",
                "SELECT COUNT(*) FROM payments WHERE user_id LIKE ? AND status = 'SUCCEEDED'"), paid);
        long capturedOfUnpaid = 0;
        try (Connection orders = connect("orders"); Connection payments = connect("payments")) {
            List<String> unpaid = strings(orders, "SELECT order_id FROM orders WHERE user_id LIKE ? AND status <> 'PAID'");
            for (String orderId : unpaid) {
                capturedOfUnpaid += strings(payments, "SELECT payment_id FROM payments WHERE order_id = ? AND status = 'SUCCEEDED'", orderId).size();
            }
        }
        rule(findings, results, "no money kept for an order that did not end paid", capturedOfUnpaid, 0);
        rule(findings, results, "no payments fence record still TRIED", count("payments", """
                SELECT COUNT(*) FROM tcc_fence_log f JOIN payments p ON p.xid = f.xid AND p.branch_id = f.branch_id
                WHERE p.user_id LIKE ? AND f.status = 1"""), 0);
        rule(findings, results, "no inventory fence record still TRIED", count("inventory", """
                SELECT COUNT(DISTINCT f.xid, f.branch_id) FROM tcc_fence_log f
                  JOIN stock_reservations r ON r.xid = f.xid AND r.branch_id = f.branch_id
                WHERE r.sku LIKE ? AND f.status = 1"""), 0);
        try (MongoClient mongo = MongoClients.create(mongoUri)) {
            long frozen = 0;
            for (Document account : mongo.getDatabase("points").getCollection("point_accounts").find(regex("_id", "^" + run + "-"))) {
                Number value = account.get("frozen", Number.class);
                frozen += value == null ? 0 : value.longValue();
            }
            rule(findings, results, "no points frozen", frozen, 0);
            rule(findings, results, "no points fence record still TRIED",
                    mongo.getDatabase("points").getCollection("tcc_fence").countDocuments(eq("state", "TRIED")), 0);
        }
        return new Check(findings, results.stream().allMatch(Boolean::booleanValue));
    }

    private static void rule(Map<String, String> findings, List<Boolean> results, String rule, long found, long expected) {
        boolean holds = found == expected;
        results.add(holds);
        findings.put(rule, (holds ? "holds" : "BROKEN") + " (found " + found + ", expected " + expected + ")");
    }

    private long count(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, run + "-%");
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private List<String> strings(Connection connection, String sql, String... args) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, args.length == 0 ? run + "-%" : args[0]);
            List<String> values = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(mysqlUrl + "/" + database + "?sslMode=DISABLED", "root", "");
    }
}
