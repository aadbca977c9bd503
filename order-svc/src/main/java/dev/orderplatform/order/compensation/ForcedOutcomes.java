package dev.orderplatform.order.compensation;

import dev.orderplatform.kit.tcc.InDoubtBranches;
import dev.orderplatform.kit.tcc.InDoubtBranchesEndpoint;
import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.order.domain.GlobalOutcome;
import dev.orderplatform.order.domain.Order;
import dev.orderplatform.order.domain.OrderStatus;
import dev.orderplatform.order.domain.PaymentMethod;
import dev.orderplatform.order.domain.RejectionReason;
import dev.orderplatform.order.saga.ExternalCheckout;
import dev.orderplatform.order.saga.OrderClosing;
import dev.orderplatform.order.store.OrderStore;
import dev.orderplatform.order.tcc.Participants;
import feign.FeignException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * An operator's forced outcome for one order, when waiting no longer helps (a parked straggler, a participant that
 * was down for days). Both are idempotent — forcing what is already so answers what is — and both then finish
 * whatever the order still holds at the participants (its in-doubt TCC branches) in the same direction — a branch
 * only when its own transaction went that way ({@link TransactionOutcomes}), so no branch of a committed
 * transaction is ever cancelled.
 * <ul>
 *   <li><b>force-cancel</b>: the order ends REJECTED (CANCELLED_BY_OPERATOR) and everything held for it is released.
 *       Refused for a PAID order: its money was taken and its goods sold; that is a refund, not a cancel. Refused as
 *       well for a wallet order whose transaction committed or is committing (the TC says so, or, once it forgot
 *       the XID, a participant's ledger shows a Confirm) and while the TC has not decided: the order ends PAID by
 *       itself. A wallet order without an XID was never approved; rejecting it requires that it still has none, so
 *       a checkout approving it at that moment fails and rolls back.</li>
 *   <li><b>force-complete</b>: the order ends PAID and its holds are sold/redeemed. Refused unless the money was
 *       captured (the payment SUCCEEDED), and for an order already rejected or expired.</li>
 * </ul>
 */
@Component
public class ForcedOutcomes {

    public record Outcome(String orderId, OrderStatus status, String done) {
    }

    private final OrderStore orders;
    private final ExternalCheckout externalCheckout;
    private final Participants.Payment payments;
    private final InDoubtParticipants participants;
    private final StragglerLedger ledger;
    private final TransactionOutcomes outcomes;
    private final Clock clock;

    public ForcedOutcomes(OrderStore orders, ExternalCheckout externalCheckout, Participants.Payment payments,
                          InDoubtParticipants participants, StragglerLedger ledger, TransactionOutcomes outcomes, Clock clock) {
        this.orders = orders;
        this.outcomes = outcomes;
        this.externalCheckout = externalCheckout;
        this.payments = payments;
        this.participants = participants;
        this.ledger = ledger;
        this.clock = clock;
    }

    public Outcome forceCancel(String orderId, String reason) {
        Order order = existing(orderId);
        if (order.status() == OrderStatus.PAID) {
            throw conflict("Order " + orderId + " is PAID: its payment was captured and its goods sold; refund it instead of cancelling.");
        }
        if (!order.isTerminal()) {
            if (order.paymentMethod() == PaymentMethod.EXTERNAL) {
                orders.claimClosing(orderId, RejectionReason.CANCELLED_BY_OPERATOR.name());
                if (OrderClosing.PAID.equals(orders.closingOf(orderId))) {
                    throw conflict("Order " + orderId + " was claimed PAID by the provider's success report; it is being settled.");
                }
                externalCheckout.redrive(orderId); // compensates the opening saga: stock, points, payment released
            } else {
                cancelWalletOrder(order);
            }
        }
        Order after = existing(orderId);
        if (after.status() == OrderStatus.PAID) {
            throw conflict("Order " + orderId + " ended PAID meanwhile; refund it instead of cancelling.");
        }
        List<String> finished = finishBranches(orderId, InDoubtBranches.Decision.CANCEL);
        ledger.resolvedByOperator(orderId, "force-cancel: " + reason);
        return new Outcome(orderId, after.status(), describe(order, after, finished));
    }

    public Outcome forceComplete(String orderId, String reason) {
        Order order = existing(orderId);
        if (order.status() == OrderStatus.REJECTED || order.status() == OrderStatus.EXPIRED) {
            throw conflict("Order " + orderId + " is " + order.status() + "; its holds were released and cannot be sold any more.");
        }
        if (order.status() == OrderStatus.PENDING_PAYMENT) {
            requireCaptured(order);
            if (order.paymentMethod() == PaymentMethod.EXTERNAL) {
                orders.claimClosing(orderId, OrderClosing.PAID);
                if (!OrderClosing.PAID.equals(orders.closingOf(orderId))) {
                    throw conflict("Order " + orderId + " is closing as " + orders.closingOf(orderId) + "; its payment is refunded.");
                }
                orders.recordPayment(orderId, order.paymentId());
                externalCheckout.redrive(orderId); // drives the settlement saga: stock sold, points redeemed, PAID
            } else if (!orders.finish(order.settledBy(GlobalOutcome.COMMITTED, clock.instant()), order.version())) {
                throw conflict("Order " + orderId + " changed while it was being completed; look at it again.");
            }
        }
        List<String> finished = finishBranches(orderId, InDoubtBranches.Decision.CONFIRM);
        ledger.resolvedByOperator(orderId, "force-complete: " + reason);
        Order after = existing(orderId);
        return new Outcome(orderId, after.status(), describe(order, after, finished));
    }

    private void cancelWalletOrder(Order order) {
        if (order.xid() != null) {
            TransactionOutcomes.Verdict verdict = outcomes.of(order.orderId(), order.xid());
            switch (verdict.outcome()) {
                case COMMITTED -> throw conflict("Order " + order.orderId() + " cannot be cancelled: its transaction committed ("
                        + verdict.evidence() + "). Its branches are being confirmed and it ends PAID; force-complete it, or refund it once paid.");
                case UNDECIDED -> throw conflict("Order " + order.orderId() + " cannot be cancelled yet: " + verdict.evidence()
                        + ". Its checkout deadline is " + order.deadline() + "; ask again after it.");
                case ROLLED_BACK -> {
                    // the TC rolled it back: its branches are (being) cancelled, the order only has to say so
                }
            }
        }
        // no XID: the order was never approved, and the store rejects it only if it still has none (see OrderStore#finish)
        if (!orders.finish(order.rejected(RejectionReason.CANCELLED_BY_OPERATOR, clock.instant()), order.version())) {
            throw conflict("Order " + order.orderId() + " changed while it was being cancelled; look at it again.");
        }
    }

    /** The money was captured: the payment SUCCEEDED at payment-svc (a wallet Confirm ran, or the provider reported it). */
    private void requireCaptured(Order order) {
        String status;
        try {
            status = order.paymentId() == null ? "NONE" : payments.payment(order.paymentId()).status();
        } catch (FeignException.NotFound none) {
            status = "NONE";
        }
        if (!"SUCCEEDED".equals(status)) {
            throw conflict("Order " + order.orderId() + ": money was not captured (payment " + order.paymentId() + " is " + status
                    + "); force-complete needs a successful payment.");
        }
    }

    /**
     * Finishes the order's TCC branches still in doubt at every participant, each only if its transaction went the
     * way of {@code decision}; says which were finished and which were left, and why.
     */
    private List<String> finishBranches(String orderId, InDoubtBranches.Decision decision) {
        List<String> finished = new ArrayList<>();
        Map<String, TransactionOutcomes.Verdict> verdicts = new HashMap<>();
        GlobalOutcome wanted = decision == InDoubtBranches.Decision.CONFIRM ? GlobalOutcome.COMMITTED : GlobalOutcome.ROLLED_BACK;
        Instant now = clock.instant();
        participants.all().forEach((service, participant) -> {
            for (InDoubtBranches.Branch branch : participant.inDoubt(now, 1000)) {
                if (orderId.equals(branch.orderId())) {
                    TransactionOutcomes.Verdict verdict = verdicts.computeIfAbsent(branch.xid(), xid -> outcomes.of(orderId, xid));
                    if (verdict.outcome() != wanted) {
                        finished.add(branch.action() + " " + branch.branchId() + " left in doubt (" + verdict.evidence() + ")");
                        continue;
                    }
                    InDoubtBranchesEndpoint.Finished outcome = participant.finish(branch.action(), branch.xid(), branch.branchId(),
                            new InDoubtBranchesEndpoint.Finish(decision));
                    finished.add(branch.action() + " " + branch.branchId() + " " + outcome.outcome());
                }
            }
        });
        return finished;
    }

    private static String describe(Order before, Order after, List<String> branches) {
        String change = before.status() == after.status() ? "already " + after.status() : before.status() + " -> " + after.status();
        return change + (branches.isEmpty() ? "; nothing held at the participants" : "; branches: " + String.join(", ", branches));
    }

    private Order existing(String orderId) {
        return orders.find(orderId).orElseThrow(() -> Problems.notFound("Order", orderId));
    }

    private static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, Problems.ORDER_STATE_CONFLICT, "Order state conflict", detail);
    }
}
