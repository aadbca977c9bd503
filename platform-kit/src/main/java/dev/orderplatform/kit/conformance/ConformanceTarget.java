package dev.orderplatform.kit.conformance;

import io.seata.rm.tcc.api.BusinessActionContext;
import java.time.Instant;

/**
 * One TCC action of a participant, exposed to the participant conformance kit: its real Try, Confirm and
 * Cancel, run through its real fence against its real store, for a branch identity the kit chooses — so the
 * kit can produce every ordering (Cancel before Try, Confirm twice, …) that the TC could produce.
 */
public interface ConformanceTarget {

    /** The action's name, as in {@code @TwoPhaseBusinessAction(name = …)}. */
    String action();

    /**
     * Try: reserve {@code amount} of {@code subject} (a SKU, a user…) for the branch in {@code context}.
     * Throws {@link dev.orderplatform.kit.tcc.ParticipantRefusedException} when refused.
     */
    void tryPhase(BusinessActionContext context, String subject, long amount, Instant deadline);

    /** Confirm, as the TC's branch commit runs it; {@code false} when it had no effect. */
    boolean confirm(BusinessActionContext context);

    /** Cancel, as the TC's branch rollback runs it; {@code false} when it had no effect. */
    boolean cancel(BusinessActionContext context);
}
