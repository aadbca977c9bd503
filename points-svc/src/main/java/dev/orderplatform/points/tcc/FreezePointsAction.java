package dev.orderplatform.points.tcc;

import dev.orderplatform.kit.tracing.PhaseTwoTraces;
import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.tcc.MongoTccFence;
import io.seata.rm.tcc.api.BusinessActionContext;
import io.seata.rm.tcc.api.BusinessActionContextParameter;
import io.seata.rm.tcc.api.LocalTCC;
import io.seata.rm.tcc.api.TwoPhaseBusinessAction;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * TCC participant "freeze-points", on MongoDB.
 *
 * <p>Try freezes the points the order redeems; Confirm redeems them and credits the points the order earns,
 * in one atomic update, so a paid order earns exactly once; Cancel releases the freeze. Seata's fence works
 * only on a JDBC DataSource, so this participant uses platform-kit's {@link MongoTccFence}: the fence record
 * lives in the account document and moves in the same single-document update as the points. The Try
 * records the amounts in the fence record, so Confirm and Cancel need nothing but the branch and the user.
 */
@LocalTCC
@Component
public class FreezePointsAction {

    static final String NAME = "freeze-points";

    public static final String USER_ID = "userId";

    private final PointFreezes freezes;
    private final FaultHooks faults;
    private final PhaseTwoTraces traces;

    public FreezePointsAction(PointFreezes freezes, FaultHooks faults, PhaseTwoTraces traces) {
        this.freezes = freezes;
        this.faults = faults;
        this.traces = traces;
    }

    /**
     * Try. Refuses with {@code INSUFFICIENT_POINTS} (see {@link PointFreezes#freeze}).
     *
     * @param context filled in by Seata (pass null)
     */
    @TwoPhaseBusinessAction(name = NAME, commitMethod = "confirm", rollbackMethod = "cancel")
    public void freeze(BusinessActionContext context,
                       @BusinessActionContextParameter(paramName = "orderId") String orderId,
                       @BusinessActionContextParameter(paramName = USER_ID) String userId,
                       @BusinessActionContextParameter(paramName = "deadline") long deadlineEpochMillis,
                       long redeemPoints, long earnPoints) {
        faults.at(NAME, FaultHooks.Phase.TRY);
        freezes.freeze(branch(context), orderId, userId, Instant.ofEpochMilli(deadlineEpochMillis), redeemPoints, earnPoints);
    }

    /** Confirm: the frozen points are redeemed and the earned points credited, once. */
    public boolean confirm(BusinessActionContext context) {
        // in the trace of the Try (the TC's call carries none); JDBC participants get this from their fence
        return traces.phaseTwo("confirm", context, () -> {
            faults.at(NAME, FaultHooks.Phase.CONFIRM);
            return freezes.redeem(branch(context), userOf(context));
        });
    }

    /** Cancel: the frozen points go back to the balance; a Cancel without Try is recorded and refuses the Try. */
    public boolean cancel(BusinessActionContext context) {
        return traces.phaseTwo("cancel", context, () -> {
            faults.at(NAME, FaultHooks.Phase.CANCEL);
            return freezes.release(branch(context), userOf(context));
        });
    }

    private static MongoTccFence.Branch branch(BusinessActionContext context) {
        return new MongoTccFence.Branch(NAME, context.getXid(), context.getBranchId());
    }

    private static String userOf(BusinessActionContext context) {
        String userId = context.getActionContext(USER_ID, String.class);
        if (userId == null) {
            // the symptom of context parameters declared where Seata does not read them: fail loudly
            throw new IllegalStateException("Action context lost for " + context.getXid() + ": no " + USER_ID);
        }
        return userId;
    }
}
