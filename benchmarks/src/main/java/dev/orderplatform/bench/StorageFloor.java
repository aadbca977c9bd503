package dev.orderplatform.bench;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.inc;
import static com.mongodb.client.model.Updates.set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;

/**
 * The storage floor: what one wallet checkout's storage work costs with nothing else around it. Each "checkout" issues,
 * straight from this JVM over JDBC and the Mongo driver, the statements order-svc and the three participants issue
 * for a shipped TCC checkout — the order and its Idempotency-Key record, each participant's Try and Confirm with its
 * fence record, the stock-change journal row — in the same local transactions and order (read off MariaDB's general
 * log of one checkout). No service, no HTTP, no coordinator, no broker: every scenario's cost above this is what the
 * services and the coordination add.
 *
 * <p>Left out on purpose: the TC's own rows (global and branch records are coordination, not the checkout's storage
 * work) and the statements Connector/J adds around a Spring transaction ({@code SELECT @@session.*},
 * {@code SET autocommit}) — those are the driver's overhead, not the storage's. Connections stay in manual-commit
 * mode with the driver's prepared-statement caches on.
 */
final class StorageFloor implements AutoCloseable {

    static final Scenario SCENARIO = new Scenario("storage-floor", "storage-floor", false,
            "a checkout's SQL and Mongo writes (Try and Confirm, fences), straight from the benchmark JVM", false, true);

    /** Sets of connections: as many as each service's connection pool holds (spring.datasource.hikari.maximum-pool-size). */
    static final int SESSIONS = 16;

    /** What a checkout redeems and pays, like the HTTP scenarios' orders (one unit, 5 points). */
    private static final long REDEEM = 5;

    /** A request's SHA-256 in hex, as the Idempotency-Key record stores it. */
    private static final String REQUEST_HASH = "0".repeat(64);

    private static final String JDBC_PARAMS = "?sslMode=DISABLED&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true"
            + "&useLocalSessionState=true&cachePrepStmts=true&useServerPrepStmts=true&prepStmtCacheSize=64";

    private final String mysqlUrl;
    private final MongoClient mongo;
    private final MongoCollection<Document> pointAccounts;
    private final MongoCollection<Document> pointFences;
    private final List<String> skus;
    private final List<String> users;
    private final AtomicLong branchIds = new AtomicLong(System.currentTimeMillis() * 1000);
    private final BlockingQueue<Session> sessions = new LinkedBlockingQueue<>();

    /** One set of connections, one per database, never in auto-commit; opened on first use. */
    private final class Session {
        private Connection orders;
        private Connection inventory;
        private Connection payments;

        Session open() throws SQLException {
            if (orders == null) {
                orders = connect("orders");
                inventory = connect("inventory");
                payments = connect("payments");
            }
            return this;
        }

        /** Closes its connections, whatever state they are in; the session opens new ones when next used. */
        Session discard() {
            for (Connection connection : new Connection[] {orders, inventory, payments}) {
                try {
                    if (connection != null) {
                        connection.close();
                    }
                } catch (SQLException ignored) {
                    // a broken connection: closing it is all that was wanted
                }
            }
            orders = inventory = payments = null;
            return this;
        }
    }

    /** @param skus and {@code users}: seeded rows with stock, money and points no run exhausts */
    StorageFloor(String mysqlUrl, String mongoUri, List<String> skus, List<String> users) {
        this.mysqlUrl = mysqlUrl;
        this.mongo = MongoClients.create(mongoUri);
        this.pointAccounts = mongo.getDatabase("points").getCollection("point_accounts");
        this.pointFences = mongo.getDatabase("points").getCollection("tcc_fence");
        this.skus = List.copyOf(skus);
        this.users = List.copyOf(users);
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(new Session());
        }
    }

    /**
     * One checkout's storage work; true when every guarded write applied (as a PAID checkout's do). A checkout waits
     * for one of {@link #SESSIONS} sets of connections, as a service's request waits for its connection pool.
     */
    boolean checkout() {
        Session session;
        try {
            session = sessions.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            session = session.open();
            boolean applied = run(session);
            sessions.add(session);
            return applied;
        } catch (SQLException | RuntimeException e) {
            sessions.add(session.discard()); // counted as a failed checkout; the next one opens fresh connections
            return false;
        }
    }

    private boolean run(Session db) throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String sku = skus.get(random.nextInt(skus.size()));
        String user = users.get(random.nextInt(users.size()));
        String orderId = "ord-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String xid = "floor:" + UUID.randomUUID();
        long stockBranch = branchIds.incrementAndGet();
        long moneyBranch = branchIds.incrementAndGet();
        long pointsBranch = branchIds.incrementAndGet();
        long price = 100;
        long paid = price - REDEEM;
        Timestamp now = Timestamp.from(Instant.now());
        List<Boolean> applied = new ArrayList<>();

        // order-svc: the key, then the order, then the key points at it
        update(db.orders, "INSERT INTO idempotency_keys (scope, idem_key, request_hash, state, lease_until, created_at) "
                + "VALUES ('POST /api/orders', ?, ?, 'IN_PROGRESS', ?, ?)", key, REQUEST_HASH, now, now);
        db.orders.commit();
        update(db.orders, "INSERT INTO orders (order_id, user_id, status, payment_method, points_requested, deadline, "
                + "created_at, updated_at, version) VALUES (?, ?, 'PENDING_PAYMENT', 'WALLET', ?, ?, ?, ?, 1)",
                orderId, user, REDEEM, now, now, now);
        update(db.orders, "INSERT INTO order_items (order_id, line_no, sku, quantity) VALUES (?, 1, ?, 1)", orderId, sku);
        db.orders.commit();
        update(db.orders, "UPDATE idempotency_keys SET resource_id = ? WHERE scope = 'POST /api/orders' AND idem_key = ?",
                orderId, key);
        db.orders.commit();

        // Try: stock (fence row, reservation, journal row), money (fence row, wallet, payment), points (fence, account)
        Connection inventory = db.inventory;
        update(inventory, "INSERT INTO tcc_fence_log (xid, branch_id, action_name, status, gmt_create, gmt_modified) "
                + "VALUES (?, ?, 'reserve-stock', 1, ?, ?)", xid, stockBranch, now, now);
        applied.add(update(inventory, "UPDATE stock_items SET available = available - 1, reserved = reserved + 1, "
                + "version = version + 1, updated_at = ? WHERE sku = ? AND available >= 1", now, sku) == 1);
        query(inventory, "SELECT sku, price_cents, available, allocated, reserved, sold, version, created_at, updated_at "
                + "FROM stock_items WHERE sku = ?", sku);
        update(inventory, "INSERT INTO stock_reservations (xid, branch_id, sku, order_id, quantity, unit_price_cents, status, "
                + "created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, 'RESERVED', ?, ?)", xid, stockBranch, sku, orderId, price, now, now);
        journal(inventory, sku, now);
        inventory.commit();

        Connection payments = db.payments;
        String paymentId = "pay-" + UUID.randomUUID();
        update(payments, "INSERT INTO tcc_fence_log (xid, branch_id, action_name, status, gmt_create, gmt_modified) "
                + "VALUES (?, ?, 'freeze-wallet-funds', 1, ?, ?)", xid, moneyBranch, now, now);
        applied.add(update(payments, "UPDATE wallets SET balance_cents = balance_cents - ?, frozen_cents = frozen_cents + ?, "
                + "version = version + 1, updated_at = ? WHERE user_id = ? AND balance_cents >= ?", paid, paid, now, user, paid) == 1);
        update(payments, "INSERT INTO payments (payment_id, order_id, user_id, method, amount_cents, status, xid, branch_id, "
                + "created_at, updated_at) VALUES (?, ?, ?, 'WALLET', ?, 'PENDING', ?, ?, ?, ?)",
                paymentId, orderId, user, paid, xid, moneyBranch, now, now);
        payments.commit();

        String marker = "tccPending.b" + pointsBranch;
        String fenceId = "freeze-points/" + pointsBranch;
        Date at = Date.from(now.toInstant());
        pointFences.insertOne(new Document("_id", fenceId).append("action", "freeze-points").append("xid", xid)
                .append("branchId", pointsBranch).append("holder", user).append("state", "TRIED")
                .append("data", new Document("orderId", orderId).append("redeem", REDEEM).append("earn", 0L))
                .append("createdAt", at).append("updatedAt", at));
        applied.add(pointAccounts.updateOne(and(eq("_id", user), exists(marker, false), gte("balance", REDEEM)),
                combine(inc("balance", -REDEEM), inc("frozen", REDEEM), set(marker, "TRIED"))).getModifiedCount() == 1);

        update(db.orders, "UPDATE orders SET xid = ?, payment_id = ?, amount_cents = ?, points_redeemed = ?, "
                + "amount_paid_cents = ?, points_earned = 0, updated_at = ? WHERE order_id = ? AND status = 'PENDING_PAYMENT'",
                xid, paymentId, price, REDEEM, paid, now, orderId);
        update(db.orders, "UPDATE order_items SET unit_price_cents = ? WHERE order_id = ? AND sku = ?", price, orderId, sku);
        db.orders.commit();

        // Confirm: each participant locks its fence row, moves it on and settles what its Try held
        confirmFence(inventory, xid, stockBranch);
        query(inventory, "SELECT * FROM stock_reservations WHERE xid = ? AND branch_id = ? ORDER BY sku", xid, stockBranch);
        update(inventory, "UPDATE stock_reservations SET status = 'CONFIRMED', updated_at = ? WHERE xid = ? AND branch_id = ? "
                + "AND sku = ? AND status = 'RESERVED'", now, xid, stockBranch, sku);
        applied.add(update(inventory, "UPDATE stock_items SET reserved = reserved - 1, sold = sold + 1, version = version + 1, "
                + "updated_at = ? WHERE sku = ? AND reserved >= 1", now, sku) == 1);
        journal(inventory, sku, now);
        inventory.commit();

        confirmFence(payments, xid, moneyBranch);
        query(payments, "SELECT * FROM payments WHERE xid = ? AND branch_id = ?", xid, moneyBranch);
        update(payments, "UPDATE payments SET status = 'SUCCEEDED', updated_at = ? WHERE payment_id = ? AND status = 'PENDING'",
                now, paymentId);
        applied.add(update(payments, "UPDATE wallets SET frozen_cents = frozen_cents - ?, spent_cents = spent_cents + ?, "
                + "version = version + 1, updated_at = ? WHERE user_id = ? AND frozen_cents >= ?", paid, paid, now, user, paid) == 1);
        payments.commit();

        pointFences.find(eq("_id", fenceId)).first();
        applied.add(pointAccounts.updateOne(and(eq("_id", user), eq(marker, "TRIED")),
                combine(inc("frozen", -REDEEM), inc("redeemed", REDEEM), inc("balance", 0L), inc("earned", 0L),
                        set(marker, "COMMITTED"))).getModifiedCount() == 1);
        pointFences.updateOne(and(eq("_id", fenceId), eq("state", "TRIED")), combine(set("state", "COMMITTED"), set("updatedAt", at)));

        // order-svc: PAID, and the key keeps the answer for replays
        applied.add(update(db.orders, "UPDATE orders SET status = 'PAID', updated_at = ?, version = version + 1 "
                + "WHERE order_id = ? AND status = 'PENDING_PAYMENT' AND version = 1", now, orderId) == 1);
        db.orders.commit();
        update(db.orders, "UPDATE idempotency_keys SET state = 'COMPLETED', http_status = 201, response_body = ? "
                + "WHERE scope = 'POST /api/orders' AND idem_key = ?", answer(orderId, user, sku, paymentId, now), key);
        db.orders.commit();
        return !applied.contains(false);
    }

    /** Seata's fence in phase two: the branch's row locked, then moved from TRIED to COMMITTED. */
    private static void confirmFence(Connection db, String xid, long branch) throws SQLException {
        query(db, "SELECT xid, branch_id, status, gmt_create, gmt_modified FROM tcc_fence_log WHERE xid = ? AND branch_id = ? "
                + "FOR UPDATE", xid, branch);
        update(db, "UPDATE tcc_fence_log SET status = 2, gmt_modified = ? WHERE xid = ? AND branch_id = ? AND status = 1",
                Timestamp.from(Instant.now()), xid, branch);
    }

    /** The stock-change journal row a Try and a Confirm each write beside their change (the message's local record). */
    private static void journal(Connection inventory, String sku, Timestamp now) throws SQLException {
        query(inventory, "SELECT sku, price_cents, available, allocated, reserved, sold, version, created_at, updated_at "
                + "FROM stock_items WHERE sku = ?", sku);
        String change = UUID.randomUUID().toString();
        update(inventory, "INSERT INTO stock_change_messages (change_id, body, created_at) VALUES (?, ?, ?)", change,
                "{\"changeId\":\"" + change + "\",\"skus\":[{\"sku\":\"" + sku
                        + "\",\"priceCents\":100,\"available\":999,\"reserved\":1,\"sold\":0,\"version\":4}]}", now);
    }

    /** About the size of the order's JSON that the Idempotency-Key record keeps. */
    private static String answer(String orderId, String user, String sku, String paymentId, Timestamp now) {
        return "{\"orderId\":\"" + orderId + "\",\"userId\":\"" + user + "\",\"status\":\"PAID\",\"items\":[{\"sku\":\"" + sku
                + "\",\"quantity\":1,\"unitPriceCents\":100}],\"amountCents\":100,\"pointsRedeemed\":5,\"amountPaidCents\":95,"
                + "\"pointsEarned\":0,\"paymentId\":\"" + paymentId + "\",\"createdAt\":\"" + now.toInstant()
                + "\",\"updatedAt\":\"" + now.toInstant() + "\",\"version\":2}";
    }

    private static int update(Connection db, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = prepared(db, sql, values)) {
            return statement.executeUpdate();
        }
    }

    private static void query(Connection db, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = prepared(db, sql, values); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                rows.getObject(1); // read like the services do: the rows cross the wire and are decoded
            }
        }
    }

    private static PreparedStatement prepared(Connection db, String sql, Object... values) throws SQLException {
        PreparedStatement statement = db.prepareStatement(sql); // cached by the driver (cachePrepStmts)
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        return statement;
    }

    private Connection connect(String database) throws SQLException {
        Connection connection = DriverManager.getConnection(mysqlUrl + "/" + database + JDBC_PARAMS, "root", "");
        connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED); // as the services' pools
        connection.setAutoCommit(false);
        return connection;
    }

    @Override
    public void close() {
        sessions.forEach(Session::discard);
        mongo.close();
    }
}
