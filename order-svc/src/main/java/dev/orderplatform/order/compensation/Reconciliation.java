package dev.orderplatform.order.compensation;

import dev.orderplatform.kit.ledger.OrderLedger;
import dev.orderplatform.kit.ledger.OrderLedgerEndpoint;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.order.domain.LedgerAgreement;
import dev.orderplatform.order.domain.LedgerAgreement.Drift;
import dev.orderplatform.order.domain.LedgerAgreement.FinishedOrder;
import dev.orderplatform.order.domain.LedgerAgreement.LedgerLine;
import dev.orderplatform.order.domain.OrderStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Cross-ledger reconciliation, independent of the TC and the saga log: for orders finished in the last
 * {@code platform.reconciliation.window}, compares what order-svc recorded with inventory-svc's reservations,
 * payment-svc's payments and points-svc's freezes, each read from the participant's own database ({@link OrderLedger}). Every drift is
 * reported with its evidence and the compensation it calls for, as an item of a dry run (source RECONCILIATION)
 * that an operator reviews; reconciliation itself changes nothing. Runs on a schedule (one instance at a time) and
 * on demand ({@code POST /admin/reconciliations}). The gauge {@code reconciliation.drifts} is the last run's count.
 */
@Component
public class Reconciliation {

    /** What a reconciliation found: the dry run holding its proposals, and how many orders it compared. */
    public record Report(String runId, int ordersCompared, int drifts, List<String> unreachable) {
    }

    private final JdbcTemplate jdbc;
    private final InDoubtParticipants participants;
    private final CompensationRuns runs;
    private final AdminAudit audit;
    private final Clock clock;
    private final Duration window;
    private final Duration settle;
    private final int limit;
    private final AtomicInteger lastDrifts = new AtomicInteger();

    public Reconciliation(JdbcTemplate jdbc, InDoubtParticipants participants, CompensationRuns runs, AdminAudit audit, Clock clock,
                          MeterRegistry meters,
                          @Value("${platform.reconciliation.window}") Duration window,
                          @Value("${platform.reconciliation.settle}") Duration settle,
                          @Value("${platform.reconciliation.limit}") int limit) {
        this.jdbc = jdbc;
        this.participants = participants;
        this.runs = runs;
        this.audit = audit;
        this.clock = clock;
        this.window = window;
        this.settle = settle;
        this.limit = limit;
        Gauge.builder("reconciliation.drifts", lastDrifts, AtomicInteger::get)
                .description("Drifts between the orders and the participants' ledgers found by the last reconciliation").register(meters);
    }

    @Scheduled(fixedDelayString = "${platform.reconciliation.interval}", initialDelayString = "${platform.reconciliation.interval}")
    @SchedulerLock(name = "reconciliation", lockAtMostFor = "PT10M")
    public void scheduled() {
        reconcile("reconciliation-job", List.of());
    }

    /** Compares the ledgers of the recently finished orders (or only of {@code orderIds}) and records the drifts. */
    public Report reconcile(String requestedBy, List<String> orderIds) {
        Map<String, FinishedOrder> orders = finishedOrders(orderIds);
        Map<String, List<LedgerLine>> lines = new LinkedHashMap<>();
        List<String> unreachable = new ArrayList<>();
        if (!orders.isEmpty()) {
            OrderLedgerEndpoint.Query query = new OrderLedgerEndpoint.Query(List.copyOf(orders.keySet()));
            for (String service : List.of("inventory-svc", "payment-svc", "points-svc")) {
                try {
                    for (OrderLedger.Entry e : participants.of(service).ledger(query)) {
                        lines.computeIfAbsent(e.orderId(), id -> new ArrayList<>())
                                .add(new LedgerLine(e.participant(), e.what(), e.key(), e.status(), e.amount()));
                    }
                } catch (RuntimeException e) {
                    // comparing without one ledger would report its absence as drift: report the service instead
                    unreachable.add(service + ": " + e.getMessage());
                }
            }
        }
        List<CompensationRuns.Proposal> proposals = new ArrayList<>();
        if (unreachable.isEmpty()) {
            orders.values().forEach(order -> LedgerAgreement.drifts(order, lines.getOrDefault(order.orderId(), List.of()))
                    .forEach(drift -> proposals.add(proposal(drift))));
        }
        String runId = runs.recordProposals(window, requestedBy, proposals);
        lastDrifts.set(proposals.size());
        audit.record(requestedBy, "reconcile", runId, null, orderIds.isEmpty() ? null : String.join(",", orderIds),
                unreachable.isEmpty() ? "FINISHED" : "INCOMPLETE",
                orders.size() + " orders compared, " + proposals.size() + " drifts" + (unreachable.isEmpty() ? "" : "; unreachable " + unreachable));
        return new Report(runId, orders.size(), proposals.size(), unreachable);
    }

    private static CompensationRuns.Proposal proposal(Drift drift) {
        return new CompensationRuns.Proposal("drift:" + drift.orderId() + ":" + drift.participant() + ":" + drift.key(),
                drift.orderId(), drift.found(), drift.proposal().name(), drift.evidence());
    }

    private Map<String, FinishedOrder> finishedOrders(List<String> orderIds) {
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder("""
                SELECT o.order_id, o.status, COALESCE(o.amount_paid_cents, 0) AS paid, i.sku, i.quantity
                FROM orders o JOIN order_items i ON i.order_id = o.order_id
                WHERE o.status IN ('PAID', 'REJECTED', 'EXPIRED')""");
        List<Object> args = new ArrayList<>();
        if (orderIds.isEmpty()) {
            sql.append(" AND o.updated_at >= ? AND o.updated_at < ?");
            args.add(Timestamp.from(now.minus(window)));
            args.add(Timestamp.from(now.minus(settle)));
        } else { // an operator named the orders: compare them as they are now
            sql.append(" AND o.order_id IN (").append(String.join(",", orderIds.stream().map(id -> "?").toList())).append(")");
            args.addAll(orderIds);
        }
        sql.append(" ORDER BY o.updated_at DESC, o.order_id LIMIT ?");
        args.add(limit * Identifiers.MAX_LINE_ITEMS); // lines, not orders
        Map<String, FinishedOrder> orders = new LinkedHashMap<>();
        jdbc.query(sql.toString(), row -> {
            String orderId = row.getString("order_id");
            if (orders.size() >= limit && !orders.containsKey(orderId)) {
                return;
            }
            OrderStatus status = OrderStatus.valueOf(row.getString("status"));
            long paid = row.getLong("paid");
            FinishedOrder order = orders.computeIfAbsent(orderId, id -> new FinishedOrder(id, status, new LinkedHashMap<>(), paid));
            order.unitsBySku().merge(row.getString("sku"), row.getLong("quantity"), Long::sum);
        }, args.toArray());
        return orders;
    }
}
