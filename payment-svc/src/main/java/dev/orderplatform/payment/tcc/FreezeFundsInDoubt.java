package dev.orderplatform.payment.tcc;

import dev.orderplatform.kit.tcc.JdbcInDoubtBranches;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * "freeze-wallet-funds" branches still tried, for order-svc's straggler resolution: the order id comes from the
 * PENDING payment the Try created; finishing runs the action's Confirm/Cancel through the fence.
 */
@Component
public class FreezeFundsInDoubt extends JdbcInDoubtBranches {

    public FreezeFundsInDoubt(JdbcTemplate jdbc, FreezeFundsAction action,
                              @Value("${seata.tcc.fence.log-table-name:tcc_fence_log}") String fenceTable) {
        super(jdbc, fenceTable, FreezeFundsAction.NAME, "payments", action);
    }
}
