package dev.orderplatform.order.config;

import dev.orderplatform.kit.retention.JdbcRetainedStores;
import dev.orderplatform.kit.retention.RetainedStore;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * order-svc's records that are deleted after their retention ({@code platform.retention.keep.*}, application.yml), by
 * the kit's storage pruning under the ShedLock lock (one instance at a time). Orders and their lines are the business
 * record and are kept; so are the straggler ledger's entries (an operator's evidence). Idempotency keys: the kit.
 */
@Configuration
public class StorageRetentionConfig {

    /** One row per run of the straggler job (every few seconds): the operator page shows the recent ones. */
    @Bean
    RetainedStore stragglerJobRunsRetention(JdbcTemplate jdbc) {
        return JdbcRetainedStores.rows("straggler-job-runs", jdbc,
                "DELETE FROM straggler_job_runs WHERE started_at < ? ORDER BY started_at LIMIT ?");
    }

    /**
     * Operators' compensation runs and reconciliation's proposals, with their items. By age alone: a run lasts minutes
     * (its items are claimed under a lease), so one older than the retention is finished or was abandoned by a dead
     * instance long ago.
     */
    @Bean
    RetainedStore compensationRunsRetention(JdbcTemplate jdbc) {
        return JdbcRetainedStores.rowsWithDependants("compensation-runs", jdbc,
                "SELECT run_id FROM compensation_runs WHERE created_at < ? ORDER BY created_at LIMIT ?",
                List.of("DELETE FROM compensation_run_items WHERE run_id IN (:ids)",
                        "DELETE FROM compensation_runs WHERE run_id IN (:ids)"));
    }

    /** Who forced what and why: kept long (a year by default), then deleted oldest first. */
    @Bean
    RetainedStore adminAuditRetention(JdbcTemplate jdbc) {
        return JdbcRetainedStores.rows("admin-audit", jdbc, "DELETE FROM admin_audit WHERE at < ? ORDER BY at LIMIT ?");
    }

    /**
     * Seata's saga log (instances and their states): only sagas that ended, are not running, and left no compensation
     * unfinished, of orders that are closed (an open order's log is what recovery, the straggler job and the "started
     * once" check of the settle saga read). The business key is the order id, or {@code <orderId>:settle}.
     */
    @Bean
    RetainedStore sagaLogsRetention(JdbcTemplate jdbc) {
        return JdbcRetainedStores.rowsWithDependants("saga-logs", jdbc, """
                        SELECT i.id FROM seata_state_machine_inst i
                        JOIN orders o ON o.order_id = SUBSTRING_INDEX(i.business_key, ':', 1)
                        WHERE i.gmt_end < ? AND i.is_running = 0 AND o.status <> 'PENDING_PAYMENT'
                          AND (i.compensation_status IS NULL OR i.compensation_status = 'SU')
                        ORDER BY i.gmt_end LIMIT ?""",
                List.of("DELETE FROM seata_state_inst WHERE machine_inst_id IN (:ids)",
                        "DELETE FROM seata_state_machine_inst WHERE id IN (:ids)"));
    }
}
