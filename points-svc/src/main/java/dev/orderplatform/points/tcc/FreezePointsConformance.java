package dev.orderplatform.points.tcc;

import dev.orderplatform.kit.conformance.ConformanceTarget;
import io.seata.rm.tcc.api.BusinessActionContext;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * "freeze-points" for the participant conformance kit (test mode only): the subject is a user. Its fence is
 * platform-kit's MongoTccFence, inside the action itself, so the phases are called directly.
 */
@Component
@ConditionalOnProperty("platform.fault-hooks.enabled")
public class FreezePointsConformance implements ConformanceTarget {

    private final FreezePointsAction action;

    public FreezePointsConformance(FreezePointsAction action) {
        this.action = action;
    }

    @Override
    public String action() {
        return FreezePointsAction.NAME;
    }

    @Override
    public void tryPhase(BusinessActionContext context, String userId, long amount, Instant deadline) {
        action.freeze(context, (String) context.getActionContext("orderId"), userId, deadline.toEpochMilli(), amount, 0);
    }

    @Override
    public boolean confirm(BusinessActionContext context) {
        return action.confirm(context);
    }

    @Override
    public boolean cancel(BusinessActionContext context) {
        return action.cancel(context);
    }
}
