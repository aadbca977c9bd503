package dev.orderplatform.inventory.tcc;

import dev.orderplatform.kit.tcc.JdbcInDoubtBranches;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * "reserve-stock" branches still tried, for order-svc's straggler resolution: the order id comes from the
 * reservation rows the Try wrote; finishing runs the action's Confirm/Cancel through the fence.
 */
@Component
public class ReserveStockInDoubt extends JdbcInDoubtBranches {

    public ReserveStockInDoubt(JdbcTemplate jdbc, ReserveStockAction action,
                               @Value("${seata.tcc.fence.log-table-name:tcc_fence_log}") String fenceTable) {
        super(jdbc, fenceTable, ReserveStockAction.NAME, "stock_reservations", action);
    }
}
