package dev.orderplatform.kit.conformance;

import dev.orderplatform.kit.tcc.FencedPhaseTwo;
import io.seata.common.exception.SkipCallbackWrapperException;
import io.seata.integration.tx.api.fence.DefaultCommonFenceHandler;
import io.seata.rm.tcc.api.BusinessActionContext;

/**
 * Drives a {@code useTCCFence} action the way Seata does, minus the TC: the Try runs inside the fence's
 * {@code prepareFence} (as Seata's TCC interceptor runs it), Confirm and Cancel through {@code commitFence} and
 * {@code rollbackFence} (as Seata's TCC resource manager runs them) — i.e. through the installed fence handler,
 * platform-kit's {@link dev.orderplatform.kit.tcc.JdbcTccFence}.
 */
public final class SeataFencedTarget {

    private SeataFencedTarget() {
    }

    /** Runs {@code tryBody} inside the fence, rethrowing what it throws as Seata's interceptor does. */
    public static void tryPhase(BusinessActionContext context, Runnable tryBody) {
        try {
            DefaultCommonFenceHandler.get().prepareFence(context.getXid(), context.getBranchId(), context.getActionName(), () -> {
                tryBody.run();
                return null;
            });
        } catch (SkipCallbackWrapperException wrapped) {
            throw wrapped.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(wrapped.getCause());
        }
    }

    public static boolean confirm(Object action, String methodName, BusinessActionContext context) {
        return FencedPhaseTwo.confirm(action, methodName, context);
    }

    public static boolean cancel(Object action, String methodName, BusinessActionContext context) {
        return FencedPhaseTwo.cancel(action, methodName, context);
    }
}
