package dev.orderplatform.points.saga;

import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.saga.SagaBranch;
import dev.orderplatform.kit.tcc.MongoTccFence;
import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.tcc.RefusalReason;
import dev.orderplatform.points.tcc.PointFreezes;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Saga step "freeze-points" of the external checkout, with its compensation (release) and its settlement
 * (redeem and earn). The same fenced single-document updates as the TCC action, keyed by the order
 * ({@link SagaBranch}): a repeated freeze is answered as done, a release that came first refuses it.
 */
@Component
public class FreezePointsSagaStep {

    static final String NAME = "saga-freeze-points";

    private final PointFreezes freezes;
    private final FaultHooks faults;

    public FreezePointsSagaStep(PointFreezes freezes, FaultHooks faults) {
        this.freezes = freezes;
        this.faults = faults;
    }

    public void freeze(String orderId, String userId, Instant deadline, long redeemPoints, long earnPoints) {
        faults.at(NAME, FaultHooks.Phase.TRY);
        MongoTccFence.Branch branch = branch(orderId);
        try {
            freezes.freeze(branch, orderId, userId, deadline, redeemPoints, earnPoints);
        } catch (ParticipantRefusedException refused) {
            MongoTccFence.State state = refused.reason() == RefusalReason.BRANCH_ALREADY_FINISHED ? freezes.state(branch) : null;
            if (state == MongoTccFence.State.TRIED || state == MongoTccFence.State.COMMITTED) {
                return; // this step already froze them (a repeat)
            }
            throw refused;
        }
    }

    /** Compensation: the frozen points are back in the balance. {@code false} if they were already redeemed. */
    public boolean release(String orderId, String userId) {
        faults.at(NAME, FaultHooks.Phase.CANCEL);
        return freezes.release(branch(orderId), userId);
    }

    /** Settlement of a paid order: frozen points redeemed, earned points credited. {@code false} if released. */
    public boolean redeem(String orderId, String userId) {
        faults.at(NAME, FaultHooks.Phase.CONFIRM);
        return freezes.redeem(branch(orderId), userId);
    }

    private static MongoTccFence.Branch branch(String orderId) {
        return new MongoTccFence.Branch(NAME, SagaBranch.xidOf(orderId), SagaBranch.branchIdOf(orderId, NAME));
    }
}
