package dev.orderplatform.order.compensation;

import dev.orderplatform.kit.tcc.InDoubtBranches;
import dev.orderplatform.kit.tcc.TccSettings;
import io.seata.core.model.GlobalStatus;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds what is not finished past its time (docs/architecture.md, "Stragglers"):
 * <ul>
 *   <li>orders still pending past their deadline (payBefore for external orders);</li>
 *   <li>saga instances of a still-pending order that failed, ended unknown, or stopped progressing, and whose
 *       compensation did not succeed (from the saga log in this service's database);</li>
 *   <li>TCC branches still tried at a participant past the global timeout whose global transaction the TC no
 *       longer drives (it ended or gave up retrying), asked of each participant and then of the TC.</li>
 * </ul>
 * Each comes with what the straggler ledger remembers (attempts, last error, parked). Parked entries are listed
 * even when their participant cannot be asked right now.
 */
@Component
public class StragglerFinder {

    /** What to look for. Null filters match everything. */
    public record Query(Duration olderThan, int limit, Set<String> orderIds, String paymentId, String xid) {
        boolean matches(Straggler straggler) {
            return (orderIds == null || orderIds.isEmpty() || orderIds.contains(straggler.orderId()))
                    && (paymentId == null || paymentId.equals(straggler.paymentId()))
                    && (xid == null || xid.equals(straggler.xid()));
        }
    }

    /** The stragglers found, and the participants that could not be asked (their branches may be missing). */
    public record Found(List<Straggler> stragglers, Map<String, String> unreachable) {
    }

    private final JdbcTemplate jdbc;
    private final InDoubtParticipants participants;
    private final TransactionCoordinator coordinator;
    private final StragglerLedger ledger;
    private final TccSettings tcc;
    private final Clock clock;

    public StragglerFinder(JdbcTemplate jdbc, InDoubtParticipants participants, TransactionCoordinator coordinator,
                           StragglerLedger ledger, TccSettings tcc, Clock clock) {
        this.jdbc = jdbc;
        this.participants = participants;
        this.coordinator = coordinator;
        this.ledger = ledger;
        this.tcc = tcc;
        this.clock = clock;
    }

    public Found find(Query query) {
        Instant cutoff = clock.instant().minus(query.olderThan());
        int fetch = query.limit() * 2;
        Map<String, Straggler> found = new LinkedHashMap<>();
        Set<String> ordersWithSaga = new HashSet<>();
        for (Straggler saga : sagas(cutoff, fetch)) {
            found.put(saga.id(), saga);
            ordersWithSaga.add(saga.orderId());
        }
        for (Straggler order : orders(cutoff, fetch)) {
            if (!ordersWithSaga.contains(order.orderId())) { // one straggler per broken order: the saga says more
                found.put(order.id(), order);
            }
        }
        Map<String, String> unreachable = new LinkedHashMap<>();
        for (Straggler branch : branches(cutoff.minus(tcc.globalTimeout()), fetch, unreachable)) {
            found.put(branch.id(), branch);
        }
        Map<String, StragglerLedger.Entry> history = ledger.open(found.keySet());
        List<Straggler> stragglers = new ArrayList<>(found.values().stream().map(s -> s.withHistory(history.get(s.id()))).toList());
        for (StragglerLedger.Entry parked : ledger.parked(query.limit())) {
            if (!found.containsKey(parked.stragglerId())) {
                stragglers.add(new Straggler(parked.stragglerId(), parked.kind(), parked.orderId(), null, parked.xid(), null,
                        parked.what(), null, parked.lastError(), parked.attempts(), null, true));
            }
        }
        return new Found(stragglers.stream().filter(query::matches)
                .sorted(Comparator.comparing(Straggler::parked).reversed()
                        .thenComparing(s -> s.since() == null ? Instant.EPOCH : s.since()))
                .limit(query.limit()).toList(), unreachable);
    }

    private List<Straggler> orders(Instant deadlineBefore, int limit) {
        return jdbc.query("""
                SELECT order_id, payment_method, payment_id, xid, deadline, closing FROM orders
                WHERE status = 'PENDING_PAYMENT' AND deadline < ? ORDER BY deadline LIMIT ?""",
                (row, n) -> {
                    String method = row.getString("payment_method");
                    String closing = row.getString("closing");
                    String what = method + " order pending past its " + ("EXTERNAL".equals(method) ? "payBefore" : "deadline")
                            + (closing != null ? ", closing as " + closing : "")
                            + (row.getString("xid") != null ? ", global transaction " + row.getString("xid") : "");
                    return new Straggler("order:" + row.getString("order_id"), Straggler.Kind.ORDER, row.getString("order_id"),
                            row.getString("payment_id"), row.getString("xid"), null, what,
                            row.getTimestamp("deadline").toInstant(), null, 0, null, false);
                }, Timestamp.from(deadlineBefore), limit);
    }

    private List<Straggler> sagas(Instant updatedBefore, int limit) {
        return jdbc.query("""
                SELECT i.id, d.name, i.business_key, i.status, i.compensation_status, i.gmt_updated, o.order_id, o.payment_id,
                       (SELECT CONCAT(s.name, ' ended ', s.status) FROM seata_state_inst s WHERE s.machine_inst_id = i.id
                          AND s.status IN ('FA', 'UN') ORDER BY s.gmt_started DESC LIMIT 1) AS last_failed_step
                FROM seata_state_machine_inst i
                JOIN seata_state_machine_def d ON d.id = i.machine_id
                JOIN orders o ON o.order_id = SUBSTRING_INDEX(i.business_key, ':', 1)
                WHERE o.status = 'PENDING_PAYMENT' AND i.gmt_updated < ?
                  AND (i.status = 'RU' OR (i.status IN ('FA', 'UN') AND (i.compensation_status IS NULL OR i.compensation_status <> 'SU')))
                ORDER BY i.gmt_updated LIMIT ?""",
                (row, n) -> new Straggler("saga:" + row.getString("id"), Straggler.Kind.SAGA, row.getString("order_id"),
                        row.getString("payment_id"), row.getString("id"), null,
                        "saga " + row.getString("name") + " " + describe(row.getString("status"))
                                + (row.getString("compensation_status") != null ? ", compensation " + describe(row.getString("compensation_status")) : ""),
                        row.getTimestamp("gmt_updated").toInstant(), row.getString("last_failed_step"), 0, null, false),
                Timestamp.from(updatedBefore), limit);
    }

    private List<Straggler> branches(Instant triedBefore, int limit, Map<String, String> unreachable) {
        List<Straggler> branches = new ArrayList<>();
        participants.all().forEach((service, participant) -> {
            List<InDoubtBranches.Branch> inDoubt;
            try {
                inDoubt = participant.inDoubt(triedBefore, limit);
            } catch (RuntimeException e) {
                unreachable.put(service, e.getClass().getSimpleName() + ": " + StragglerLedger.clip(e.getMessage(), 200));
                return;
            }
            for (InDoubtBranches.Branch branch : inDoubt) {
                GlobalStatus status;
                try {
                    status = coordinator.status(branch.xid());
                } catch (RuntimeException e) {
                    unreachable.put("seata-server", StragglerLedger.clip(e.getMessage(), 200));
                    return;
                }
                if (TransactionCoordinator.drivenByTc(status)) {
                    continue; // the TC is still retrying its phase two: not a straggler (yet)
                }
                branches.add(new Straggler("tcc:" + branch.action() + ":" + branch.xid() + ":" + branch.branchId(),
                        Straggler.Kind.TCC_BRANCH, branch.orderId(), null, branch.xid(), service,
                        branch.action() + " branch " + branch.branchId() + " still tried; the TC says " + status,
                        branch.triedAt().plus(tcc.globalTimeout()), null, 0, null, false));
            }
        });
        return branches;
    }

    private static String describe(String sagaStatus) {
        return switch (sagaStatus) {
            case "SU" -> "succeeded";
            case "FA" -> "failed";
            case "UN" -> "ended unknown";
            case "RU" -> "still running";
            case "SK" -> "skipped";
            default -> sagaStatus;
        };
    }
}
