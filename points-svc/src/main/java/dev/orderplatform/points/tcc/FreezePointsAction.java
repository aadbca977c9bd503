package dev.orderplatform.points.tcc;

import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.tcc.MongoTccFence;
import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.tcc.RefusalReason;
import dev.orderplatform.points.store.PointAccounts;
import io.seata.rm.tcc.api.BusinessActionContext;
import io.seata.rm.tcc.api.BusinessActionContextParameter;
import io.seata.rm.tcc.api.LocalTCC;
import io.seata.rm.tcc.api.TwoPhaseBusinessAction;
import java.time.Instant;
import org.bson.Document;
import org.springframework.stereotype.Component;

import static com.mongodb.client.model.Filters.gte;

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

    private final PointAccounts accounts;
    private final MongoTccFence fence;
    private final FaultHooks faults;

    public FreezePointsAction(PointAccounts accounts, MongoTccFence fence, FaultHooks faults) {
        this.accounts = accounts;
        this.fence = fence;
        this.faults = faults;
    }

    /**
     * Try. A user without an account can still place an order that redeems nothing (the account is created
     * so that Confirm can credit the points earned). Refuses with {@code INSUFFICIENT_POINTS}.
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
        Document data = new Document("orderId", orderId).append("redeem", redeemPoints).append("earn", earnPoints);
        boolean redeems = redeemPoints > 0;
        MongoTccFence.TryResult result = fence.tryApply(accounts.collection(), userId, branch(context),
                Instant.ofEpochMilli(deadlineEpochMillis), redeems ? gte("balance", redeemPoints) : null,
                PointAccounts.freeze(redeemPoints), data, !redeems);
        switch (result) {
            case APPLIED -> {
            }
            case DEADLINE_PASSED -> throw new ParticipantRefusedException(RefusalReason.DEADLINE_EXCEEDED,
                    "The global transaction's deadline has passed");
            case FENCED -> throw new ParticipantRefusedException(RefusalReason.BRANCH_ALREADY_FINISHED,
                    "Branch " + context.getBranchId() + " was already tried or cancelled");
            case GUARD_FAILED, NO_DOCUMENT -> throw new ParticipantRefusedException(RefusalReason.INSUFFICIENT_POINTS,
                    userId + " does not have " + redeemPoints + " points");
        }
    }

    /** Confirm: the frozen points are redeemed and the earned points credited, once. */
    public boolean confirm(BusinessActionContext context) {
        faults.at(NAME, FaultHooks.Phase.CONFIRM);
        return fence.confirm(accounts.collection(), userOf(context), branch(context),
                data -> PointAccounts.redeemAndEarn(amount(data, "redeem"), amount(data, "earn")));
    }

    /** Cancel: the frozen points go back to the balance; a Cancel without Try is recorded and refuses the Try. */
    public boolean cancel(BusinessActionContext context) {
        faults.at(NAME, FaultHooks.Phase.CANCEL);
        return fence.cancel(accounts.collection(), userOf(context), branch(context),
                data -> PointAccounts.unfreeze(amount(data, "redeem")));
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

    private static long amount(Document data, String field) {
        return data.get(field, Number.class).longValue();
    }
}
