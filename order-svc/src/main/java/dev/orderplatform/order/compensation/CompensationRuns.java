package dev.orderplatform.order.compensation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Operator compensation runs: a dry run assesses every straggler it finds and records the plan, changing nothing
 * else; a real run carries each plan out (parked stragglers included — an operator asked) and records the result,
 * counting failures in the ledger like the job does. Runs go on in the background; their rows are the progress.
 */
@Component
public class CompensationRuns {

    public record Request(boolean dryRun, Duration olderThan, int limit, Set<String> orderIds) {
    }

    public record Item(int itemNo, String stragglerId, String kind, String orderId, String found, String action,
                       String evidence, String result, String detail, Instant finishedAt) {
    }

    public record Run(String runId, String source, boolean dryRun, String olderThan, int limit, String orderIds, String requestedBy,
                      String status, int total, int done, int failed, int parked, Instant createdAt, Instant finishedAt,
                      List<Item> items) {
    }

    private static final Logger log = LoggerFactory.getLogger(CompensationRuns.class);

    private final StragglerFinder finder;
    private final StragglerResolution resolution;
    private final StragglerLedger ledger;
    private final AdminAudit audit;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(new CustomizableThreadFactory("compensation-run-"));

    public CompensationRuns(StragglerFinder finder, StragglerResolution resolution, StragglerLedger ledger, AdminAudit audit,
                            JdbcTemplate jdbc, Clock clock) {
        this.finder = finder;
        this.resolution = resolution;
        this.ledger = ledger;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records the run and starts it in the background; returns its id. */
    public String start(Request request, String requestedBy) {
        String runId = "run-" + UUID.randomUUID();
        jdbc.update("""
                INSERT INTO compensation_runs (run_id, source, dry_run, older_than, max_items, order_ids, requested_by, status, created_at)
                VALUES (?, 'STRAGGLERS', ?, ?, ?, ?, ?, 'RUNNING', ?)""",
                runId, request.dryRun(), request.olderThan().toString(), request.limit(),
                request.orderIds().isEmpty() ? null : String.join(",", request.orderIds()), requestedBy, Timestamp.from(clock.instant()));
        runner.submit(() -> execute(runId, request, requestedBy));
        return runId;
    }

    /** A proposed compensation found by reconciliation: a dry-run item, never carried out by the run itself. */
    public record Proposal(String id, String orderId, String found, String action, String evidence) {
    }

    /** Records reconciliation's findings as a finished dry run (source RECONCILIATION); returns its id. */
    public String recordProposals(Duration window, String requestedBy, List<Proposal> proposals) {
        String runId = "rec-" + UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("""
                INSERT INTO compensation_runs (run_id, source, dry_run, older_than, max_items, requested_by, status, total, done,
                                               created_at, finished_at)
                VALUES (?, 'RECONCILIATION', TRUE, ?, ?, ?, 'FINISHED', ?, ?, ?, ?)""",
                runId, window.toString(), proposals.size(), requestedBy, proposals.size(), proposals.size(), now, now);
        for (int i = 0; i < proposals.size(); i++) {
            Proposal p = proposals.get(i);
            jdbc.update("""
                    INSERT INTO compensation_run_items (run_id, item_no, straggler_id, kind, order_id, found, action, evidence,
                                                        result, detail, finished_at)
                    VALUES (?, ?, ?, 'DRIFT', ?, ?, ?, ?, 'PLANNED', 'proposed; run it with force-cancel/force-complete or by hand', ?)""",
                    runId, i + 1, StragglerLedger.clip(p.id(), 300), p.orderId(), StragglerLedger.clip(p.found(), 1000), p.action(),
                    StragglerLedger.clip(p.evidence(), 1000), now);
        }
        return runId;
    }

    public Optional<Run> find(String runId) {
        List<Item> items = jdbc.query("SELECT * FROM compensation_run_items WHERE run_id = ? ORDER BY item_no", (row, n) -> new Item(
                row.getInt("item_no"), row.getString("straggler_id"), row.getString("kind"), row.getString("order_id"),
                row.getString("found"), row.getString("action"), row.getString("evidence"), row.getString("result"),
                row.getString("detail"), instant(row.getTimestamp("finished_at"))), runId);
        return jdbc.query("SELECT * FROM compensation_runs WHERE run_id = ?", (row, n) -> run(row, items), runId).stream().findFirst();
    }

    /** The latest runs, without their items. */
    public List<Run> recent(int limit) {
        return jdbc.query("SELECT * FROM compensation_runs ORDER BY created_at DESC LIMIT ?", (row, n) -> run(row, List.of()), limit);
    }

    private void execute(String runId, Request request, String requestedBy) {
        try {
            List<Straggler> stragglers = finder.find(new StragglerFinder.Query(request.olderThan(), request.limit(),
                    request.orderIds(), null, null)).stragglers();
            for (int i = 0; i < stragglers.size(); i++) {
                Straggler s = stragglers.get(i);
                jdbc.update("INSERT INTO compensation_run_items (run_id, item_no, straggler_id, kind, order_id, found, result) "
                                + "VALUES (?, ?, ?, ?, ?, ?, 'PENDING')", runId, i + 1, s.id(), s.kind().name(), s.orderId(),
                        StragglerLedger.clip(s.what() + (s.lastError() != null ? "; last error: " + s.lastError() : ""), 1000));
            }
            jdbc.update("UPDATE compensation_runs SET total = ? WHERE run_id = ?", stragglers.size(), runId);
            for (int i = 0; i < stragglers.size(); i++) {
                runItem(runId, i + 1, stragglers.get(i), request.dryRun());
            }
        } catch (RuntimeException e) {
            log.warn("Compensation run {} stopped: {}", runId, e.toString());
        } finally {
            jdbc.update("UPDATE compensation_runs SET status = 'FINISHED', finished_at = ? WHERE run_id = ?", Timestamp.from(clock.instant()), runId);
            find(runId).ifPresent(run -> audit.record(requestedBy, request.dryRun() ? "dry-run-finished" : "run-finished", runId, null, null,
                    "FINISHED", "total " + run.total() + ", done " + run.done() + ", failed " + run.failed() + ", parked " + run.parked()));
        }
    }

    private void runItem(String runId, int itemNo, Straggler straggler, boolean dryRun) {
        StragglerResolution.Plan plan = null;
        String result;
        String detail;
        try {
            plan = resolution.assess(straggler);
            if (dryRun) {
                result = "PLANNED";
                detail = "would " + plan.action();
            } else {
                detail = resolution.execute(plan);
                ledger.resolved(straggler, plan.action() + ": " + detail + " (operator run " + runId + ")");
                result = "DONE";
            }
        } catch (RuntimeException e) {
            detail = e.getMessage() != null ? e.getMessage() : e.toString();
            result = !dryRun && ledger.failed(straggler, detail) ? "PARKED" : "FAILED";
        }
        jdbc.update("UPDATE compensation_run_items SET action = ?, evidence = ?, result = ?, detail = ?, finished_at = ? "
                        + "WHERE run_id = ? AND item_no = ?", plan == null ? null : plan.action().name(),
                plan == null ? null : StragglerLedger.clip(plan.evidence(), 1000), result, StragglerLedger.clip(detail, 1000),
                Timestamp.from(clock.instant()), runId, itemNo);
        String counter = switch (result) {
            case "DONE", "PLANNED" -> "done";
            case "PARKED" -> "parked";
            default -> "failed";
        };
        jdbc.update("UPDATE compensation_runs SET " + counter + " = " + counter + " + 1 WHERE run_id = ?", runId);
    }

    private static Run run(ResultSet row, List<Item> items) throws SQLException {
        return new Run(row.getString("run_id"), row.getString("source"), row.getBoolean("dry_run"), row.getString("older_than"), row.getInt("max_items"),
                row.getString("order_ids"), row.getString("requested_by"), row.getString("status"), row.getInt("total"),
                row.getInt("done"), row.getInt("failed"), row.getInt("parked"), instant(row.getTimestamp("created_at")),
                instant(row.getTimestamp("finished_at")), items);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
