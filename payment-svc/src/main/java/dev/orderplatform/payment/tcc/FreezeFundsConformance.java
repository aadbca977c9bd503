package dev.orderplatform.payment.tcc;

import dev.orderplatform.kit.conformance.ConformanceTarget;
import dev.orderplatform.kit.conformance.SeataFencedTarget;
import io.seata.rm.tcc.api.BusinessActionContext;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** "freeze-wallet-funds" for the participant conformance kit (test mode only): the subject is a user. */
@Component
@ConditionalOnProperty("platform.fault-hooks.enabled")
public class FreezeFundsConformance implements ConformanceTarget {

    private final FreezeFundsAction action;

    public FreezeFundsConformance(FreezeFundsAction action) {
        this.action = action;
    }

    @Override
    public String action() {
        return FreezeFundsAction.NAME;
    }

    @Override
    public void tryPhase(BusinessActionContext context, String userId, long amount, Instant deadline) {
        SeataFencedTarget.tryPhase(context, () -> action.freeze(context, (String) context.getActionContext(FreezeFundsAction.ORDER_ID),
                deadline.toEpochMilli(), userId, amount));
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
