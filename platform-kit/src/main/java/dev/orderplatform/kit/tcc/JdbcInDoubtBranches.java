package dev.orderplatform.kit.tcc;

import io.seata.integration.tx.api.fence.constant.CommonFenceConstant;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * In-doubt branches of a MySQL participant's {@code useTCCFence} action: TRIED rows of the fence table, with the
 * order id read from the participant's own record of the Try ({@code recordTable}: columns {@code xid},
 * {@code branch_id}, {@code order_id}). Finishing runs the action's Confirm/Cancel through {@link FencedPhaseTwo}
 * with the order id as the only context, which is all the participants' phase two reads.
 */
public class JdbcInDoubtBranches implements InDoubtBranches {

    private final JdbcTemplate jdbc;
    private final String fenceTable;
    private final String action;
    private final String recordTable;
    private final Object actionBean;

    public JdbcInDoubtBranches(JdbcTemplate jdbc, String fenceTable, String action, String recordTable, Object actionBean) {
        this.jdbc = jdbc;
        this.fenceTable = fenceTable;
        this.action = action;
        this.recordTable = recordTable;
        this.actionBean = actionBean;
    }

    @Override
    public String action() {
        return action;
    }

    @Override
    public List<Branch> triedBefore(Instant before, int limit) {
        return jdbc.query("SELECT f.xid, f.branch_id, f.gmt_create, (SELECT MIN(r.order_id) FROM " + recordTable
                        + " r WHERE r.xid = f.xid AND r.branch_id = f.branch_id) AS order_id FROM " + fenceTable
                        + " f WHERE f.action_name = ? AND f.status = ? AND f.gmt_create < ? ORDER BY f.gmt_create LIMIT ?",
                (row, n) -> new Branch(action, row.getString("xid"), row.getLong("branch_id"), row.getString("order_id"),
                        row.getTimestamp("gmt_create").toInstant()),
                action, CommonFenceConstant.STATUS_TRIED, Timestamp.from(before), limit);
    }

    @Override
    public boolean finish(String xid, long branchId, Decision decision) {
        String orderId = jdbc.queryForList("SELECT order_id FROM " + recordTable + " WHERE xid = ? AND branch_id = ? LIMIT 1",
                String.class, xid, branchId).stream().findFirst().orElse(null);
        var context = FencedPhaseTwo.context(action, xid, branchId, orderId == null ? Map.of() : Map.of("orderId", orderId));
        return decision == Decision.CONFIRM
                ? FencedPhaseTwo.confirm(actionBean, "confirm", context)
                : FencedPhaseTwo.cancel(actionBean, "cancel", context);
    }
}
