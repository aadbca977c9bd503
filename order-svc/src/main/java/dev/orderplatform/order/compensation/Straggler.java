package dev.orderplatform.order.compensation;

import java.time.Instant;

/**
 * Something not finished past its time, and what the straggler ledger knows of earlier attempts to finish it.
 *
 * @param id          stable id: {@code order:<orderId>}, {@code saga:<instanceId>}, {@code tcc:<action>:<xid>:<branchId>}
 * @param what        what is stuck, in words an operator reads
 * @param since       when it should have finished (deadline, last progress, phase two due)
 * @param participant the service that must be reached to finish it (for the per-participant cap), or null
 * @param lastError   why the last attempt failed (or what the TC/saga log said), or null
 */
public record Straggler(String id, Kind kind, String orderId, String paymentId, String xid, String participant,
                        String what, Instant since, String lastError, int attempts, Instant nextAttemptAt, boolean parked) {

    public enum Kind { ORDER, SAGA, TCC_BRANCH }

    /** The same straggler, with what the ledger remembers. */
    Straggler withHistory(StragglerLedger.Entry entry) {
        if (entry == null) {
            return this;
        }
        return new Straggler(id, kind, orderId, paymentId, xid, participant, what, since,
                entry.lastError() != null ? entry.lastError() : lastError, entry.attempts(), entry.nextAttemptAt(), entry.parked());
    }

    boolean dueAt(Instant now) {
        return !parked && (nextAttemptAt == null || !nextAttemptAt.isAfter(now));
    }
}
