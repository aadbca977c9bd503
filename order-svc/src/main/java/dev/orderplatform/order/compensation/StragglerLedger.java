package dev.orderplatform.order.compensation;

import io.github.resilience4j.core.IntervalFunction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The record of attempts to resolve each straggler ({@code straggler_ledger}): failures push the next attempt out
 * (exponential backoff with jitter, Resilience4j's interval function) and, after {@code maxAttempts}, park it.
 * Plain JDBC: a handful of upserts on one table, no entity mapping worth having.
 */
@Component
public class StragglerLedger {

    /** What the ledger holds for one straggler. */
    public record Entry(String stragglerId, Straggler.Kind kind, String orderId, String xid, String what, int attempts,
                        String lastError, Instant nextAttemptAt, boolean parked, Instant resolvedAt, String resolution) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final StragglerSettings settings;
    private final IntervalFunction backoff;

    public StragglerLedger(JdbcTemplate jdbc, Clock clock, StragglerSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5, settings.maxBackoff());
    }

    /** Entries of the given stragglers that are not resolved. */
    public Map<String, Entry> open(Collection<String> ids) {
        Map<String, Entry> entries = new HashMap<>();
        if (ids.isEmpty()) {
            return entries;
        }
        String marks = String.join(",", ids.stream().map(id -> "?").toList());
        jdbc.query("SELECT * FROM straggler_ledger WHERE resolved_at IS NULL AND straggler_id IN (" + marks + ")",
                row -> {
                    Entry entry = entry(row);
                    entries.put(entry.stragglerId(), entry);
                }, ids.toArray());
        return entries;
    }

    /** Parked stragglers, newest first: shown to operators even when the thing itself cannot be looked at now. */
    public List<Entry> parked(int limit) {
        return jdbc.query("SELECT * FROM straggler_ledger WHERE parked_at IS NOT NULL AND resolved_at IS NULL "
                + "ORDER BY parked_at DESC LIMIT ?", (row, n) -> entry(row), limit);
    }

    public int parkedCount() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM straggler_ledger WHERE parked_at IS NOT NULL AND resolved_at IS NULL",
                Integer.class);
        return count == null ? 0 : count;
    }

    /** A failed attempt: counted, the next one pushed out; returns true if this attempt parked the straggler. */
    public boolean failed(Straggler straggler, String error) {
        Instant now = clock.instant();
        int attempts = attemptsOf(straggler.id()) + 1;
        boolean park = attempts >= settings.maxAttempts();
        Instant next = park ? null : now.plus(Duration.ofMillis(backoff.apply(attempts)));
        jdbc.update("""
                INSERT INTO straggler_ledger (straggler_id, kind, order_id, xid, what, attempts, last_error, last_attempt_at,
                                              next_attempt_at, parked_at, resolved_at, resolution)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)
                ON DUPLICATE KEY UPDATE what = VALUES(what), attempts = VALUES(attempts), last_error = VALUES(last_error),
                    last_attempt_at = VALUES(last_attempt_at), next_attempt_at = VALUES(next_attempt_at),
                    parked_at = VALUES(parked_at), resolved_at = NULL, resolution = NULL""",
                straggler.id(), straggler.kind().name(), straggler.orderId(), straggler.xid(), clip(straggler.what(), 500),
                attempts, clip(error, 1000), Timestamp.from(now), next == null ? null : Timestamp.from(next),
                park ? Timestamp.from(now) : null);
        return park;
    }

    /** Finished: no longer retried, no longer parked. */
    public void resolved(Straggler straggler, String resolution) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.update("""
                INSERT INTO straggler_ledger (straggler_id, kind, order_id, xid, what, attempts, last_attempt_at, resolved_at, resolution)
                VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)
                ON DUPLICATE KEY UPDATE last_attempt_at = VALUES(last_attempt_at), next_attempt_at = NULL, parked_at = NULL,
                    resolved_at = VALUES(resolved_at), resolution = VALUES(resolution)""",
                straggler.id(), straggler.kind().name(), straggler.orderId(), straggler.xid(), clip(straggler.what(), 500),
                now, now, clip(resolution, 500));
    }

    /** Every open entry of an order is resolved by an operator's forced outcome. */
    public int resolvedByOperator(String orderId, String resolution) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.update("UPDATE straggler_ledger SET resolved_at = ?, resolution = ?, parked_at = NULL, next_attempt_at = NULL "
                + "WHERE order_id = ? AND resolved_at IS NULL", now, clip(resolution, 500), orderId);
    }

    private int attemptsOf(String id) {
        List<Integer> attempts = jdbc.queryForList("SELECT attempts FROM straggler_ledger WHERE straggler_id = ? AND resolved_at IS NULL",
                Integer.class, id);
        return attempts.isEmpty() ? 0 : attempts.get(0);
    }

    private static Entry entry(ResultSet row) throws SQLException {
        return new Entry(row.getString("straggler_id"), Straggler.Kind.valueOf(row.getString("kind")), row.getString("order_id"),
                row.getString("xid"), row.getString("what"), row.getInt("attempts"), row.getString("last_error"),
                instant(row.getTimestamp("next_attempt_at")), row.getTimestamp("parked_at") != null,
                instant(row.getTimestamp("resolved_at")), row.getString("resolution"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
