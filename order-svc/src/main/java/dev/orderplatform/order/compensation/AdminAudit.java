package dev.orderplatform.order.compensation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The audit log ({@code admin_audit}): who did what, to what, why, and how it ended. Written, never changed. */
@Component
public class AdminAudit {

    /** The job's own name in the log, for resolutions nobody asked for. */
    public static final String JOB = "straggler-job";

    public record Record(long auditId, Instant at, String actor, String action, String target, String reason,
                         String request, String result, String detail) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AdminAudit(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, String reason, String request, String result, String detail) {
        jdbc.update("INSERT INTO admin_audit (at, actor, action, target, reason, request, result, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                Timestamp.from(clock.instant()), actor, action, StragglerLedger.clip(target, 300), StragglerLedger.clip(reason, 500),
                request, result, StragglerLedger.clip(detail, 1000));
    }

    /** Newest first; {@code target} (an order id, a run id, a straggler id) narrows it down when given. */
    public List<Record> recent(String target, int limit) {
        // a search: an order id, an XID or a run id finds the entries whose target contains it (straggler ids
        // such as tcc:<action>:<xid>:<branch> hold the XID in the middle)
        String where = target == null ? "" : " WHERE target LIKE ?";
        Object[] args = target == null ? new Object[] {limit} : new Object[] {"%" + target + "%", limit};
        return jdbc.query("SELECT * FROM admin_audit" + where + " ORDER BY audit_id DESC LIMIT ?",
                (row, n) -> new Record(row.getLong("audit_id"), row.getTimestamp("at").toInstant(), row.getString("actor"),
                        row.getString("action"), row.getString("target"), row.getString("reason"), row.getString("request"),
                        row.getString("result"), row.getString("detail")), args);
    }
}
