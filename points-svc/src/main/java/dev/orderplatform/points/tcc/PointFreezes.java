package dev.orderplatform.points.tcc;

import dev.orderplatform.kit.tcc.MongoTccFence;
import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.tcc.RefusalReason;
import dev.orderplatform.points.store.PointAccounts;
import java.time.Instant;
import org.bson.Document;
import org.springframework.stereotype.Component;

import static com.mongodb.client.model.Filters.gte;

/**
 * The fenced writes of freezing an order's redeemed points and settling the freeze — the body of the TCC action
 * "freeze-points" ({@link FreezePointsAction}) and of the external checkout's saga step, which differ only in
 * how their branch is named. Each is one single-document update of the user's account, fence record included.
 */
@Component
public class PointFreezes {

    private final PointAccounts accounts;
    private final MongoTccFence fence;

    public PointFreezes(PointAccounts accounts, MongoTccFence fence) {
        this.accounts = accounts;
        this.fence = fence;
    }

    /**
     * Freezes {@code redeemPoints} and records what the order earns. A user without an account can still place
     * an order that redeems nothing (the account is created so that the points earned can be credited). Refuses
     * with INSUFFICIENT_POINTS, DEADLINE_EXCEEDED, or BRANCH_ALREADY_FINISHED when the branch has a record.
     */
    public void freeze(MongoTccFence.Branch branch, String orderId, String userId, Instant deadline,
                       long redeemPoints, long earnPoints) {
        Document data = new Document("orderId", orderId).append("redeem", redeemPoints).append("earn", earnPoints);
        boolean redeems = redeemPoints > 0;
        MongoTccFence.TryResult result = fence.tryApply(accounts.collection(), userId, branch, deadline,
                redeems ? gte("balance", redeemPoints) : null, PointAccounts.freeze(redeemPoints), data, !redeems);
        switch (result) {
            case APPLIED -> {
            }
            case DEADLINE_PASSED -> throw new ParticipantRefusedException(RefusalReason.DEADLINE_EXCEEDED,
                    "The global transaction's deadline has passed");
            case FENCED -> throw new ParticipantRefusedException(RefusalReason.BRANCH_ALREADY_FINISHED,
                    "Branch " + branch.branchId() + " was already tried or cancelled");
            case GUARD_FAILED, NO_DOCUMENT -> throw new ParticipantRefusedException(RefusalReason.INSUFFICIENT_POINTS,
                    userId + " does not have " + redeemPoints + " points");
        }
    }

    /** The frozen points are redeemed and the earned points credited, once; false if the freeze was released. */
    public boolean redeem(MongoTccFence.Branch branch, String userId) {
        return fence.confirm(accounts.collection(), userId, branch,
                data -> PointAccounts.redeemAndEarn(amount(data, "redeem"), amount(data, "earn")));
    }

    /** The frozen points go back to the balance; a release without a freeze is recorded and refuses the freeze. */
    public boolean release(MongoTccFence.Branch branch, String userId) {
        return fence.cancel(accounts.collection(), userId, branch, data -> PointAccounts.unfreeze(amount(data, "redeem")));
    }

    /** The state of the branch's fence record, or null if it has none. */
    public MongoTccFence.State state(MongoTccFence.Branch branch) {
        return fence.stateOf(branch);
    }

    private static long amount(Document data, String field) {
        return data.get(field, Number.class).longValue();
    }
}
