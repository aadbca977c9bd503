package dev.orderplatform.kit.tcc;

import io.seata.integration.tx.api.fence.DefaultCommonFenceHandler;
import io.seata.rm.tcc.api.BusinessActionContext;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs a {@code useTCCFence} action's Confirm or Cancel the way Seata's TCC resource manager does — through the
 * installed fence handler ({@link JdbcTccFence}), so the fence row and the business change commit together and a
 * repeat does nothing — for callers that are not the TC: straggler resolution and the conformance kit.
 */
public final class FencedPhaseTwo {

    private FencedPhaseTwo() {
    }

    public static boolean confirm(Object action, String methodName, BusinessActionContext context) {
        return DefaultCommonFenceHandler.get().commitFence(method(action, methodName), action, context.getXid(),
                context.getBranchId(), new Object[] {context});
    }

    public static boolean cancel(Object action, String methodName, BusinessActionContext context) {
        return DefaultCommonFenceHandler.get().rollbackFence(method(action, methodName), action, context.getXid(),
                context.getBranchId(), new Object[] {context}, context.getActionName());
    }

    /** The context Seata would hand phase two, rebuilt from what the participant recorded at Try. */
    public static BusinessActionContext context(String action, String xid, long branchId, Map<String, Object> recorded) {
        BusinessActionContext context = new BusinessActionContext(xid, Long.toString(branchId), new HashMap<>(recorded));
        context.setActionName(action);
        return context;
    }

    private static Method method(Object action, String name) {
        try {
            return action.getClass().getMethod(name, BusinessActionContext.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(action.getClass() + " has no " + name + "(BusinessActionContext)", e);
        }
    }
}
