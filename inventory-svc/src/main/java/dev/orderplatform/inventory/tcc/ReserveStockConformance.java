package dev.orderplatform.inventory.tcc;

import dev.orderplatform.kit.conformance.ConformanceTarget;
import dev.orderplatform.kit.conformance.SeataFencedTarget;
import dev.orderplatform.kit.contract.ParticipantContracts.StockLine;
import io.seata.rm.tcc.api.BusinessActionContext;
import java.time.Instant;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** "reserve-stock" for the participant conformance kit (test mode only): the subject is a SKU. */
@Component
@ConditionalOnProperty("platform.fault-hooks.enabled")
public class ReserveStockConformance implements ConformanceTarget {

    private final ReserveStockAction action;

    public ReserveStockConformance(ReserveStockAction action) {
        this.action = action;
    }

    @Override
    public String action() {
        return ReserveStockAction.NAME;
    }

    @Override
    public void tryPhase(BusinessActionContext context, String sku, long amount, Instant deadline) {
        SeataFencedTarget.tryPhase(context, () -> action.reserve(context, (String) context.getActionContext(ReserveStockAction.ORDER_ID),
                deadline.toEpochMilli(), List.of(new StockLine(sku, amount)), null));
    }

    @Override
    public boolean confirm(BusinessActionContext context) {
        return SeataFencedTarget.confirm(action, "confirm", context);
    }

    @Override
    public boolean cancel(BusinessActionContext context) {
        return SeataFencedTarget.cancel(action, "cancel", context);
    }
}
