package dev.orderplatform.points.tcc;

import dev.orderplatform.kit.tcc.FencedPhaseTwo;
import dev.orderplatform.kit.tcc.InDoubtBranches;
import dev.orderplatform.kit.tcc.MongoTccFence;
import io.seata.rm.tcc.api.BusinessActionContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * "freeze-points" branches still tried, for order-svc's straggler resolution. The fence record lives in the
 * user's account document, so the account it is in names the user phase two needs; the order id is in the data
 * the Try recorded. Finishing calls the action's own Confirm/Cancel, whose fence is the single-document update.
 */
@Component
public class FreezePointsInDoubt implements InDoubtBranches {

    private final MongoTccFence fence;
    private final FreezePointsAction action;

    public FreezePointsInDoubt(MongoTccFence fence, FreezePointsAction action) {
        this.fence = fence;
        this.action = action;
    }

    @Override
    public String action() {
        return FreezePointsAction.NAME;
    }

    @Override
    public List<Branch> triedBefore(Instant before, int limit) {
        return fence.triedBefore(FreezePointsAction.NAME, before, limit).stream()
                .map(tried -> new Branch(FreezePointsAction.NAME, tried.branch().xid(), tried.branch().branchId(),
                        tried.data() == null ? null : tried.data().getString("orderId"), tried.triedAt()))
                .toList();
    }

    @Override
    public boolean finish(String xid, long branchId, Decision decision) {
        MongoTccFence.Branch branch = new MongoTccFence.Branch(FreezePointsAction.NAME, xid, branchId);
        Object userId = fence.holderOf(branch).orElse(null);
        if (userId == null) {
            return false; // no record: nothing was tried, so nothing to finish
        }
        BusinessActionContext context = FencedPhaseTwo.context(FreezePointsAction.NAME, xid, branchId,
                Map.of(FreezePointsAction.USER_ID, userId.toString()));
        return decision == Decision.CONFIRM ? action.confirm(context) : action.cancel(context);
    }
}
