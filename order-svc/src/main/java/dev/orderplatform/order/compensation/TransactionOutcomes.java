package dev.orderplatform.order.compensation;

import dev.orderplatform.kit.ledger.OrderLedger;
import dev.orderplatform.kit.ledger.OrderLedgerEndpoint;
import dev.orderplatform.order.domain.GlobalOutcome;
import dev.orderplatform.order.domain.LedgerAgreement;
import dev.orderplatform.order.domain.LedgerAgreement.LedgerLine;
import io.seata.core.model.GlobalStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which way an order's TCC global transaction went, for anyone about to cancel what it holds (an operator's
 * force-cancel, the straggler job): the TC's word while it knows the XID, and once it has forgotten it the
 * participants' own ledgers — a Confirm leaves a line only a Confirm writes (stock sold, money captured, points
 * redeemed). A branch of a committed transaction must never be cancelled, so anything short of a clear answer is
 * {@link GlobalOutcome#UNDECIDED}.
 */
@Component
public class TransactionOutcomes {

    /** The outcome and the evidence for it, in words an operator reads. */
    public record Verdict(GlobalOutcome outcome, String evidence) {
    }

    private final TransactionCoordinator coordinator;
    private final InDoubtParticipants participants;

    public TransactionOutcomes(TransactionCoordinator coordinator, InDoubtParticipants participants) {
        this.coordinator = coordinator;
        this.participants = participants;
    }

    /** The outcome of {@code xid}, the global transaction of {@code orderId}; never throws. */
    public Verdict of(String orderId, String xid) {
        GlobalStatus status;
        try {
            status = coordinator.status(xid);
        } catch (RuntimeException unreachable) {
            return new Verdict(GlobalOutcome.UNDECIDED, "the TC cannot be asked about " + xid + " (" + unreachable.getMessage() + ")");
        }
        // commit first: CommitRetrying is both "driven by the TC" and "committed", and committed is what matters here
        if (TransactionCoordinator.commitDecided(status)) {
            return new Verdict(GlobalOutcome.COMMITTED, "TC: " + status);
        }
        if (TransactionCoordinator.rollbackDecided(status)) {
            return new Verdict(GlobalOutcome.ROLLED_BACK, "TC: " + status);
        }
        if (TransactionCoordinator.drivenByTc(status)) {
            return new Verdict(GlobalOutcome.UNDECIDED, "TC: " + status + "; the transaction is still open (its commit or its timeout ends it)");
        }
        return forgottenByTheTc(orderId, xid, status);
    }

    /** The outcome of a transaction the TC no longer knows ({@code Finished}): the participants' ledgers tell. */
    public Verdict forgottenByTheTc(String orderId, String xid, GlobalStatus status) {
        String tcSays = "TC: " + status + " (it no longer knows " + xid + ")";
        List<LedgerLine> lines = new ArrayList<>();
        OrderLedgerEndpoint.Query query = new OrderLedgerEndpoint.Query(List.of(orderId));
        for (var participant : participants.all().entrySet()) {
            try {
                for (OrderLedger.Entry e : participant.getValue().ledger(query)) {
                    lines.add(new LedgerLine(e.participant(), e.what(), e.key(), e.status(), e.amount()));
                }
            } catch (RuntimeException unreachable) {
                return new Verdict(GlobalOutcome.UNDECIDED, tcSays + "; " + participant.getKey() + "'s ledger cannot be read ("
                        + unreachable.getClass().getSimpleName() + ")");
            }
        }
        Optional<LedgerLine> confirmed = LedgerAgreement.confirmedLine(lines);
        return confirmed
                .map(line -> new Verdict(GlobalOutcome.COMMITTED, tcSays + "; the transaction committed: " + line.participant() + " "
                        + line.what() + " " + line.key() + " is " + line.status()))
                .orElseGet(() -> new Verdict(GlobalOutcome.ROLLED_BACK, tcSays + "; no participant confirmed anything for order " + orderId));
    }
}
