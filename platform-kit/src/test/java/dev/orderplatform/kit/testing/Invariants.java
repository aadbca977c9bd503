package dev.orderplatform.kit.testing;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.regex;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.bson.Document;

/**
 * The invariants of docs/architecture.md ("what nothing lost means"), checked after the fact from the databases
 * themselves — each service's own ledger, and across services — never from HTTP answers.
 *
 * <p>Checks are scoped to one test's data: users and SKUs whose ids start with {@code prefix}.
 */
public final class Invariants {

    private final RunningStack stack;
    private final String prefix;
    private final boolean stockCacheChecked;

    public Invariants(RunningStack stack, String prefix) {
        this(stack, prefix, true);
    }

    private Invariants(RunningStack stack, String prefix, boolean stockCacheChecked) {
        this.stack = stack;
        this.prefix = prefix;
        this.stockCacheChecked = stockCacheChecked;
    }

    /**
     * The same checks without the stock cache's, for data changed where the cache cannot follow — say why (it
     * shows in the code that asks for it).
     */
    public Invariants exceptStockCache(String why) {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("say why the stock cache is not checked");
        }
        return new Invariants(stack, prefix, false);
    }

    /** Waits (bounded) until every order is terminal and nothing is reserved or frozen, then checks everything. */
    public void awaitSettledAndAssertAll() {
        awaitSettledAndAssertAll(Duration.ofSeconds(90));
    }

    /**
     * The same, waiting at most {@code atMost}; returns how long it took to settle. Once settled, the stock cache
     * must come to equal the database too (the messages of the last changes may still be on their way).
     */
    public Duration awaitSettledAndAssertAll(Duration atMost) {
        long started = System.nanoTime();
        Awaitility.await("orders of " + prefix + "* terminal, nothing reserved or frozen")
                .atMost(atMost).pollInterval(Duration.ofMillis(500))
                .untilAsserted(this::assertSettled);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (stockCacheChecked) {
            awaitStockCacheMatches(STOCK_CACHE_CONVERGENCE);
        }
        assertAll();
        return took;
    }

    /** How long the stock cache may take to catch up with the database once nothing changes (the bound). */
    public static final Duration STOCK_CACHE_CONVERGENCE = Duration.ofSeconds(30);

    /** Waits (bounded) until {@link #assertStockCacheMatches} holds; returns how long that took. */
    public Duration awaitStockCacheMatches(Duration atMost) {
        long started = System.nanoTime();
        Awaitility.await("stock cache of " + prefix + "* equal to the database")
                .atMost(atMost).pollInterval(Duration.ofMillis(250))
                .untilAsserted(this::assertStockCacheMatches);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Every SKU of this test is in the stock cache with exactly the database's state and version. */
    public void assertStockCacheMatches() {
        SoftAssertions soft = new SoftAssertions();
        for (Row item : query("inventory", "SELECT * FROM stock_items WHERE sku LIKE ?")) {
            Map<String, String> database = Map.of("version", item.s("version"), "priceCents", item.s("price_cents"),
                    "available", item.s("available"), "reserved", item.s("reserved"), "sold", item.s("sold"));
            soft.assertThat(stack.redis().hgetall("stock:" + item.s("sku"))).as("cached stock of %s", item.s("sku"))
                    .isEqualTo(database);
        }
        soft.assertAll();
    }

    /** No order non-terminal; no stock reserved, no money or points frozen. */
    public void assertSettled() {
        SoftAssertions soft = new SoftAssertions();
        for (Row order : orders()) {
            soft.assertThat(order.s("status")).as("status of order %s", order.s("order_id")).isNotEqualTo("PENDING_PAYMENT");
        }
        for (Row stock : stock()) {
            soft.assertThat(stock.l("reserved")).as("reserved stock of %s", stock.s("sku")).isZero();
        }
        for (Row wallet : wallets()) {
            soft.assertThat(wallet.l("frozen_cents")).as("frozen money of %s", wallet.s("user_id")).isZero();
        }
        for (Document account : pointAccounts()) {
            soft.assertThat(count(account, "frozen")).as("frozen points of %s", account.getString("_id")).isZero();
        }
        // a points branch that redeems nothing freezes nothing, yet is in doubt until its phase two lands
        for (Document record : stack.points().getCollection("tcc_fence")
                .find(and(regex("holder", "^" + Pattern.quote(prefix)), eq("state", "TRIED")))) {
            soft.assertThat(record.getString("state")).as("points branch %s", record.getString("_id")).isNotEqualTo("TRIED");
        }
        for (Row payment : payments()) {
            soft.assertThat(payment.s("status")).as("payment %s (order %s) still open at the provider", payment.s("payment_id"),
                    payment.s("order_id")).isNotEqualTo("PENDING");
        }
        for (Row purchase : flashPurchases()) {
            soft.assertThat(purchase.s("status")).as("flash-sale purchase %s", purchase.s("purchase_id")).isNotEqualTo("QUEUED");
        }
        // every branch of the MySQL participants finished: one left TRIED counts in doubt and is never cleaned up
        for (Row branch : rows("payments", """
                SELECT f.xid, f.branch_id, f.action_name FROM tcc_fence_log f
                  JOIN payments p ON p.xid = f.xid AND p.branch_id = f.branch_id
                WHERE p.user_id LIKE ? AND f.status = 1""", prefix + "%")) {
            soft.fail("payments branch %s/%s (%s) still TRIED", branch.s("xid"), branch.s("branch_id"), branch.s("action_name"));
        }
        for (Row branch : rows("inventory", """
                SELECT DISTINCT f.xid, f.branch_id, f.action_name FROM tcc_fence_log f
                  JOIN stock_reservations r ON r.xid = f.xid AND r.branch_id = f.branch_id
                WHERE r.sku LIKE ? AND f.status = 1""", prefix + "%")) {
            soft.fail("inventory branch %s/%s (%s) still TRIED", branch.s("xid"), branch.s("branch_id"), branch.s("action_name"));
        }
        soft.assertAll();
    }

    /** Every conservation law and cross-service agreement, as of now. */
    public void assertAll() {
        SoftAssertions soft = new SoftAssertions();
        List<Row> orders = orders();
        Map<String, List<Row>> itemsByOrder = groupBy(orderItems(), "order_id");
        Map<String, List<Row>> paymentsByOrder = groupBy(payments(), "order_id");
        Map<String, List<Row>> reservationsByOrder = groupBy(reservations(), "order_id");
        Map<String, Document> accounts = new HashMap<>();
        pointAccounts().forEach(account -> accounts.put(account.getString("_id"), account));
        Map<String, List<Document>> pointFences = pointFenceRecordsByOrder(orders);

        // stock: available + reserved + sold == everything received; reserved/sold match the reservation ledger
        Map<String, Long> soldByPaidOrders = new HashMap<>();
        for (Row order : orders) {
            if (order.s("status").equals("PAID")) {
                for (Row item : itemsByOrder.getOrDefault(order.s("order_id"), List.of())) {
                    soldByPaidOrders.merge(item.s("sku"), item.l("quantity"), Long::sum);
                }
            }
        }
        for (Row stock : stock()) {
            String sku = stock.s("sku");
            soft.assertThat(stock.l("available") + stock.l("allocated") + stock.l("reserved") + stock.l("sold"))
                    .as("stock of %s: available + allocated + reserved + sold == received", sku).isEqualTo(stock.l("received"));
            soft.assertThat(stock.l("available")).as("available stock of %s", sku).isNotNegative();
            soft.assertThat(stock.l("allocated")).as("allocated stock of %s == what its open flash sales have left", sku)
                    .isEqualTo(stock.l("sales_remaining"));
            soft.assertThat(stock.l("reserved")).as("reserved stock of %s == RESERVED reservations", sku).isEqualTo(stock.l("held"));
            soft.assertThat(stock.l("sold")).as("sold stock of %s == CONFIRMED reservations", sku).isEqualTo(stock.l("confirmed"));
            soft.assertThat(stock.l("sold")).as("sold stock of %s == quantities of PAID orders", sku)
                    .isEqualTo(soldByPaidOrders.getOrDefault(sku, 0L));
        }

        // flash sales: units == remaining + reserved + sold + returned (the table's CHECK); a sale's reserved and sold
        // units are its purchases' reservations; a closed sale has nothing left and order-svc recorded what came back
        Map<String, Row> salesInOrders = new HashMap<>();
        flashSales().forEach(sale -> salesInOrders.put(sale.s("sale_id"), sale));
        List<Row> allocations = saleAllocations();
        for (Row sale : allocations) {
            String id = sale.s("sale_id");
            soft.assertThat(sale.l("remaining") + sale.l("reserved") + sale.l("sold") + sale.l("returned"))
                    .as("units of flash sale %s", id).isEqualTo(sale.l("units"));
            soft.assertThat(sale.l("reserved")).as("reserved units of flash sale %s == its RESERVED reservations", id)
                    .isEqualTo(sale.l("held"));
            soft.assertThat(sale.l("sold")).as("sold units of flash sale %s == its CONFIRMED reservations", id)
                    .isEqualTo(sale.l("confirmed"));
            Row recorded = salesInOrders.get(id);
            soft.assertThat(recorded).as("flash sale %s known to order-svc", id).isNotNull();
            if (sale.s("status").equals("CLOSED")) {
                soft.assertThat(sale.l("remaining")).as("units left in closed flash sale %s", id).isZero();
                if (recorded != null) {
                    soft.assertThat(recorded.s("state")).as("order-svc's state of closed flash sale %s", id)
                            .isIn("CLOSING", "CLOSED", "ABANDONED");
                }
                if (recorded != null && recorded.s("state").equals("CLOSED") && sale.l("reserved") == 0) {
                    soft.assertThat(recorded.l("returned")).as("units of flash sale %s back in stock, as order-svc recorded", id)
                            .isEqualTo(sale.l("returned"));
                }
            } else if (recorded != null) {
                soft.assertThat(recorded.s("state")).as("order-svc's state of open flash sale %s", id)
                        .isIn("ALLOCATING", "ACTIVE", "CLOSING");
            }
        }
        assertFlashPurchases(soft, allocations, orders);
        for (Row recorded : salesInOrders.values()) {
            if (List.of("ACTIVE", "CLOSING", "CLOSED").contains(recorded.s("state"))) {
                soft.assertThat(allocations.stream().anyMatch(sale -> sale.s("sale_id").equals(recorded.s("sale_id"))))
                        .as("units of flash sale %s set aside in inventory", recorded.s("sale_id")).isTrue();
            }
        }

        // money: balance + frozen + spent - refunded == topped up; each paid order charged exactly once
        Map<String, Long> paidByUser = new HashMap<>();
        Map<String, Long> redeemedByUser = new HashMap<>();
        Map<String, Long> earnedByUser = new HashMap<>();
        for (Row order : orders) {
            if (order.s("status").equals("PAID")) {
                if (order.s("payment_method").equals("WALLET")) { // EXTERNAL orders are paid at the provider
                    paidByUser.merge(order.s("user_id"), order.l("amount_paid_cents"), Long::sum);
                }
                redeemedByUser.merge(order.s("user_id"), order.l("points_redeemed"), Long::sum);
                earnedByUser.merge(order.s("user_id"), order.l("points_earned"), Long::sum);
            }
        }
        for (Row wallet : wallets()) {
            String user = wallet.s("user_id");
            soft.assertThat(wallet.l("balance_cents") + wallet.l("frozen_cents") + wallet.l("spent_cents") - wallet.l("refunded_cents"))
                    .as("money of %s: balance + frozen + spent - refunded == topped up", user).isEqualTo(wallet.l("topped_up"));
            soft.assertThat(wallet.l("balance_cents")).as("balance of %s", user).isNotNegative();
            soft.assertThat(wallet.l("frozen_cents")).as("frozen money of %s == PENDING wallet payments", user).isEqualTo(wallet.l("pending"));
            soft.assertThat(wallet.l("spent_cents")).as("spent money of %s == settled wallet payments", user).isEqualTo(wallet.l("settled"));
            soft.assertThat(wallet.l("spent_cents")).as("spent money of %s == amounts paid by PAID wallet orders", user)
                    .isEqualTo(paidByUser.getOrDefault(user, 0L));
        }

        // points: balance + frozen + redeemed - earned == granted (and granted == the grants ledger)
        Map<String, Long> grantsByUser = grantsByUser();
        for (Document account : accounts.values()) {
            String user = account.getString("_id");
            soft.assertThat(count(account, "balance") + count(account, "frozen") + count(account, "redeemed") - count(account, "earned"))
                    .as("points of %s: balance + frozen + redeemed - earned == granted", user).isEqualTo(count(account, "granted"));
            soft.assertThat(count(account, "granted")).as("granted points of %s == grants ledger", user)
                    .isEqualTo(grantsByUser.getOrDefault(user, 0L));
            soft.assertThat(count(account, "balance")).as("points balance of %s", user).isNotNegative();
            soft.assertThat(count(account, "earned")).as("points earned by %s == points earned by PAID orders (exactly once)", user)
                    .isEqualTo(earnedByUser.getOrDefault(user, 0L));
            soft.assertThat(count(account, "redeemed")).as("points redeemed by %s == points redeemed by PAID orders", user)
                    .isEqualTo(redeemedByUser.getOrDefault(user, 0L));
        }

        // external payments: a success the order did not take is refunded, exactly once, in full
        Map<String, List<Row>> refundsByPayment = groupBy(refunds(), "payment_id");
        for (Row payment : payments()) {
            List<Row> refunds = refundsByPayment.getOrDefault(payment.s("payment_id"), List.of());
            soft.assertThat(refunds.size()).as("refunds of payment %s", payment.s("payment_id"))
                    .isEqualTo(payment.s("status").equals("REFUNDED") ? 1 : 0);
            refunds.forEach(refund -> soft.assertThat(refund.l("amount_cents")).as("refund of payment %s is the whole amount",
                    payment.s("payment_id")).isEqualTo(payment.l("amount_cents")));
        }

        // every order agrees with every participant's ledger
        for (Row order : orders) {
            String id = order.s("order_id");
            String status = order.s("status");
            List<Row> orderPayments = paymentsByOrder.getOrDefault(id, List.of());
            List<Row> orderReservations = reservationsByOrder.getOrDefault(id, List.of());
            List<Document> pointBranches = pointFences.getOrDefault(id, List.of());
            long succeeded = orderPayments.stream().filter(p -> p.s("status").equals("SUCCEEDED")).count();
            if (status.equals("PAID")) {
                soft.assertThat(succeeded).as("PAID order %s has exactly one successful payment", id).isEqualTo(1);
                orderPayments.stream().filter(p -> p.s("status").equals("SUCCEEDED")).forEach(p ->
                        soft.assertThat(p.l("amount_cents")).as("payment of %s charges what the order paid", id)
                                .isEqualTo(order.l("amount_paid_cents")));
                soft.assertThat(order.s("payment_id")).as("PAID order %s names its payment", id).isNotNull();
                Map<String, Long> confirmed = new HashMap<>();
                orderReservations.stream().filter(r -> r.s("status").equals("CONFIRMED"))
                        .forEach(r -> confirmed.merge(r.s("sku"), r.l("quantity"), Long::sum));
                Map<String, Long> ordered = new HashMap<>();
                itemsByOrder.getOrDefault(id, List.of()).forEach(i -> ordered.merge(i.s("sku"), i.l("quantity"), Long::sum));
                soft.assertThat(confirmed).as("stock sold for PAID order %s == its items", id).isEqualTo(ordered);
                soft.assertThat(pointBranches.stream().filter(f -> "COMMITTED".equals(f.getString("state"))).count())
                        .as("PAID order %s has exactly one committed points branch", id).isEqualTo(1);
            } else {
                soft.assertThat(succeeded).as("%s order %s has no successful payment", status, id).isZero();
                soft.assertThat(orderReservations.stream().filter(r -> !r.s("status").equals("CANCELLED")).count())
                        .as("%s order %s sold or holds no stock", status, id).isZero();
                soft.assertThat(pointBranches.stream().filter(f -> !List.of("ROLLBACKED", "SUSPENDED").contains(f.getString("state"))).count())
                        .as("%s order %s redeemed, earned or holds no points", status, id).isZero();
            }
        }
        soft.assertAll();
    }

    /** How many orders of this scope are in each status. */
    public Map<String, Long> orderCountsByStatus() {
        Map<String, Long> counts = new HashMap<>();
        orders().forEach(order -> counts.merge(order.s("status"), 1L, Long::sum));
        return counts;
    }

    /**
     * Flash-sale purchases: the units a sale's purchases hold (QUEUED or PAID) are order-svc's count of the sale and
     * never pass its units; each buyer's within the per-user limit and equal to the buyer's count; what inventory
     * sold from the sale is exactly the PAID purchases'; a PAID purchase's order is PAID, a FAILED one's REJECTED.
     */
    private void assertFlashPurchases(SoftAssertions soft, List<Row> allocations, List<Row> orders) {
        Map<String, Row> ordersById = new HashMap<>();
        orders.forEach(order -> ordersById.put(order.s("order_id"), order));
        Map<String, Long> soldBySale = new HashMap<>();
        allocations.forEach(sale -> soldBySale.put(sale.s("sale_id"), sale.l("sold")));
        Map<String, List<Row>> purchasesBySale = groupBy(flashPurchases(), "sale_id");
        Map<String, Long> buyerCounts = new HashMap<>();
        for (Row buyer : query("orders", """
                SELECT b.* FROM flash_sale_buyers b JOIN flash_sales s ON s.sale_id = b.sale_id WHERE s.sku LIKE ?""")) {
            buyerCounts.put(buyer.s("sale_id") + "/" + buyer.s("user_id"), buyer.l("units"));
        }
        for (Row sale : flashSales()) {
            String id = sale.s("sale_id");
            long held = 0;
            long paid = 0;
            Map<String, Long> heldByBuyer = new HashMap<>();
            for (Row purchase : purchasesBySale.getOrDefault(id, List.of())) {
                String status = purchase.s("status");
                if (!status.equals("FAILED")) {
                    held += purchase.l("quantity");
                    heldByBuyer.merge(purchase.s("user_id"), purchase.l("quantity"), Long::sum);
                }
                Row order = ordersById.get(purchase.s("order_id"));
                if (status.equals("PAID")) {
                    paid += purchase.l("quantity");
                    soft.assertThat(order == null ? null : order.s("status")).as("order of paid purchase %s",
                            purchase.s("purchase_id")).isEqualTo("PAID");
                } else if (status.equals("FAILED")) {
                    soft.assertThat(order == null ? null : order.s("status")).as("order of failed purchase %s",
                            purchase.s("purchase_id")).isEqualTo("REJECTED");
                }
            }
            soft.assertThat(sale.l("admitted")).as("units held by purchases of flash sale %s", id).isEqualTo(held);
            soft.assertThat(held).as("units held in flash sale %s <= its units", id).isLessThanOrEqualTo(sale.l("units"));
            if (soldBySale.containsKey(id)) {
                soft.assertThat(soldBySale.get(id)).as("units of flash sale %s sold == its paid purchases'", id).isEqualTo(paid);
            }
            heldByBuyer.forEach((user, units) -> {
                soft.assertThat(units).as("units of %s in flash sale %s <= its per-user limit", user, id)
                        .isLessThanOrEqualTo(sale.l("per_user_limit"));
                soft.assertThat(buyerCounts.getOrDefault(id + "/" + user, 0L)).as("count of %s in flash sale %s", user, id)
                        .isEqualTo(units);
            });
        }
    }

    /** Purchases in this test's flash sales. */
    public List<Row> flashPurchases() {
        return query("orders", """
                SELECT p.* FROM flash_purchases p JOIN flash_sales s ON s.sale_id = p.sale_id WHERE s.sku LIKE ?""");
    }

    public List<Row> orders() {
        return query("orders", "SELECT * FROM orders WHERE user_id LIKE ?");
    }

    public List<Row> orderItems() {
        return query("orders", "SELECT i.* FROM order_items i JOIN orders o ON o.order_id = i.order_id WHERE o.user_id LIKE ?");
    }

    public List<Row> stock() {
        return query("inventory", """
                SELECT s.sku, s.available, s.allocated, s.reserved, s.sold,
                  (SELECT COALESCE(SUM(r.quantity), 0) FROM stock_receipts r WHERE r.sku = s.sku) AS received,
                  (SELECT COALESCE(SUM(a.remaining), 0) FROM sale_allocations a WHERE a.sku = s.sku AND a.status = 'OPEN') AS sales_remaining,
                  (SELECT COALESCE(SUM(v.quantity), 0) FROM stock_reservations v WHERE v.sku = s.sku AND v.status = 'RESERVED') AS held,
                  (SELECT COALESCE(SUM(v.quantity), 0) FROM stock_reservations v WHERE v.sku = s.sku AND v.status = 'CONFIRMED') AS confirmed
                FROM stock_items s WHERE s.sku LIKE ?""");
    }

    /** Flash sales of this test's SKUs as inventory-svc holds them, with their reservations summed. */
    public List<Row> saleAllocations() {
        return query("inventory", """
                SELECT a.*,
                  (SELECT COALESCE(SUM(v.quantity), 0) FROM stock_reservations v WHERE v.sale_id = a.sale_id AND v.status = 'RESERVED') AS held,
                  (SELECT COALESCE(SUM(v.quantity), 0) FROM stock_reservations v WHERE v.sale_id = a.sale_id AND v.status = 'CONFIRMED') AS confirmed
                FROM sale_allocations a WHERE a.sku LIKE ?""");
    }

    /** Flash sales of this test's SKUs as order-svc records them. */
    public List<Row> flashSales() {
        return query("orders", "SELECT * FROM flash_sales WHERE sku LIKE ?");
    }

    public List<Row> reservations() {
        return query("inventory", "SELECT * FROM stock_reservations WHERE sku LIKE ?");
    }

    public List<Row> wallets() {
        return query("payments", """
                SELECT w.*,
                  (SELECT COALESCE(SUM(t.amount_cents), 0) FROM wallet_top_ups t WHERE t.user_id = w.user_id) AS topped_up,
                  (SELECT COALESCE(SUM(p.amount_cents), 0) FROM payments p
                     WHERE p.user_id = w.user_id AND p.method = 'WALLET' AND p.status = 'PENDING') AS pending,
                  (SELECT COALESCE(SUM(p.amount_cents), 0) FROM payments p
                     WHERE p.user_id = w.user_id AND p.method = 'WALLET' AND p.status IN ('SUCCEEDED', 'REFUNDED')) AS settled
                FROM wallets w WHERE w.user_id LIKE ?""");
    }

    public List<Row> payments() {
        return query("payments", "SELECT * FROM payments WHERE user_id LIKE ?");
    }

    /** Refunds of this scope's payments (payment-svc's payment_refunds). */
    public List<Row> refunds() {
        return query("payments", "SELECT r.* FROM payment_refunds r JOIN payments p ON p.payment_id = r.payment_id WHERE p.user_id LIKE ?");
    }

    public List<Document> pointAccounts() {
        return stack.points().getCollection("point_accounts").find(regex("_id", "^" + Pattern.quote(prefix))).into(new ArrayList<>());
    }

    private Map<String, Long> grantsByUser() {
        Map<String, Long> sums = new HashMap<>();
        for (Document grant : stack.points().getCollection("point_grants").find(regex("userId", "^" + Pattern.quote(prefix)))) {
            sums.merge(grant.getString("userId"), grant.get("points", Number.class).longValue(), Long::sum);
        }
        return sums;
    }

    /** points-svc's fence records (its fence collection) of {@code orders}, by order id. */
    private Map<String, List<Document>> pointFenceRecordsByOrder(List<Row> orders) {
        List<String> ids = orders.stream().map(order -> order.s("order_id")).toList();
        Map<String, List<Document>> byOrder = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Document record : stack.points().getCollection("tcc_fence").find(in("data.orderId", ids))) {
                byOrder.computeIfAbsent(record.get("data", Document.class).getString("orderId"), id -> new ArrayList<>()).add(record);
            }
        }
        return byOrder;
    }

    /** A points counter of an account document; counters that never moved are absent and count as 0. */
    public static long count(Document doc, String field) {
        Number value = doc.get(field, Number.class);
        return value == null ? 0 : value.longValue();
    }

    private static Map<String, List<Row>> groupBy(List<Row> rows, String column) {
        Map<String, List<Row>> groups = new HashMap<>();
        rows.forEach(row -> groups.computeIfAbsent(row.s(column), k -> new ArrayList<>()).add(row));
        return groups;
    }

    private List<Row> query(String database, String sql) {
        return rows(database, sql, prefix + "%");
    }

    /** Rows of any query on one of the stack's MySQL databases, for checks this class does not make itself. */
    public List<Row> rows(String database, String sql, Object... args) {
        try (Connection connection = stack.sql(database); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, Object> values = new HashMap<>();
                    for (int i = 1; i <= columns; i++) {
                        values.put(result.getMetaData().getColumnLabel(i).toLowerCase(), result.getObject(i));
                    }
                    rows.add(new Row(values));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("query on " + database + " failed: " + sql, e);
        }
    }

    /** One database row, by lower-case column name. */
    public record Row(Map<String, Object> values) {
        public String s(String column) {
            Object value = values.get(column);
            return value == null ? null : value.toString();
        }

        public long l(String column) {
            Object value = values.get(column);
            return value == null ? 0 : ((Number) value).longValue();
        }

        public Instant instant(String column) {
            Object value = values.get(column);
            if (value instanceof LocalDateTime local) {
                return local.toInstant(ZoneOffset.UTC); // the databases store UTC
            }
            return value instanceof Timestamp timestamp ? timestamp.toInstant() : null;
        }
    }
}
