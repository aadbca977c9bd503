package dev.orderplatform.kit.tcc;

import java.time.Instant;
import java.util.List;

/**
 * A participant's TCC branches that were tried and never confirmed or cancelled, and the means to finish one
 * whose global transaction the TC no longer drives (it gave up retrying, or lost it). Which way to finish is
 * not the participant's to decide: the caller (order-svc's straggler resolution) asks the TC and the order first.
 */
public interface InDoubtBranches {

    /** Confirm or cancel, as the TC would have. */
    enum Decision { CONFIRM, CANCEL }

    /** One branch in doubt: its action, its global transaction and branch, the order it holds for, since when. */
    record Branch(String action, String xid, long branchId, String orderId, Instant triedAt) {
    }

    String action();

    /** Branches of {@link #action()} tried before {@code before} and still in doubt, oldest first. */
    List<Branch> triedBefore(Instant before, int limit);

    /**
     * Finishes the branch through its fence, exactly as the TC's phase two would: true if this call confirmed or
     * cancelled it, false if it was already finished (a repeat, or the TC got there first).
     */
    boolean finish(String xid, long branchId, Decision decision);
}
