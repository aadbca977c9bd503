package dev.orderplatform.order.compensation;

import dev.orderplatform.kit.tcc.InDoubtBranches;
import dev.orderplatform.kit.tcc.InDoubtBranchesEndpoint;
import dev.orderplatform.order.domain.GlobalOutcome;
import dev.orderplatform.order.domain.Order;
import dev.orderplatform.order.domain.OrderStatus;
import dev.orderplatform.order.domain.PaymentMethod;
import dev.orderplatform.order.domain.RejectionReason;
import dev.orderplatform.order.saga.ExternalCheckout;
import dev.orderplatform.order.saga.OrderClosing;
import dev.orderplatform.order.store.OrderStore;
import dev.orderplatform.order.tcc.PendingCheckoutRecovery;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.seata.core.exception.TransactionException;
import io.seata.core.model.GlobalStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * How a straggler is finished, in two steps so that a dry run can show the first without the second:
 * {@link #assess} asks the sources of truth (the TC, the saga log through the order's closing claim, the order,
 * the payment) and plans one action; {@link #execute} carries it out. Every action is idempotent — the fences, the
 * closing claim and the order's compare-and-set see to it — so an attempt repeated by the job, a run or another
 * instance does no harm. Calls to a participant go through that participant's bulkhead.
 */
@Component
public class StragglerResolution {

    /** What would be done about a straggler. */
    public enum Action {
        /** Confirm a TCC branch the TC gave up on: its transaction committed. */
        CONFIRM_BRANCH,
        /** Cancel a TCC branch the TC gave up on: its transaction rolled back (or never committed). */
        CANCEL_BRANCH,
        /** A wallet order whose transaction committed: PAID. */
        SETTLE_PAID,
        /** A wallet order whose transaction rolled back: REJECTED. */
        SETTLE_REJECTED,
        /** An external order past payBefore: claimed EXPIRED, its holds released. */
        EXPIRE,
        /** An external order claimed PAID whose settlement stalled: the settlement saga driven forward. */
        FINISH_SETTLEMENT,
        /** An external order being released (or whose opening saga broke): its opening saga compensated. */
        RELEASE,
        /** Nothing can be decided yet (the sources disagree or are still moving): try again later. */
        WAIT
    }

    public record Plan(Straggler straggler, Action action, String evidence) {
    }

    /** The action could not be carried out (yet); the message says why. */
    public static class NotResolvedException extends RuntimeException {
        public NotResolvedException(String message) {
            super(message);
        }
    }

    private final OrderStore orders;
    private final TransactionCoordinator coordinator;
    private final PendingCheckoutRecovery walletRecovery;
    private final ExternalCheckout externalCheckout;
    private final InDoubtParticipants participants;
    private final ProviderPayments providerPayments;
    private final TransactionOutcomes outcomes;
    private final BulkheadRegistry bulkheads;
    private final Clock clock;

    public StragglerResolution(OrderStore orders, TransactionCoordinator coordinator, PendingCheckoutRecovery walletRecovery,
                               ExternalCheckout externalCheckout, InDoubtParticipants participants, ProviderPayments providerPayments,
                               TransactionOutcomes outcomes, StragglerSettings settings, Clock clock) {
        this.providerPayments = providerPayments;
        this.outcomes = outcomes;
        this.orders = orders;
        this.coordinator = coordinator;
        this.walletRecovery = walletRecovery;
        this.externalCheckout = externalCheckout;
        this.participants = participants;
        this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(settings.perParticipant())
                .maxWaitDuration(Duration.ofSeconds(5))
                .build());
        this.clock = clock;
    }

    public Plan assess(Straggler straggler) {
        return switch (straggler.kind()) {
            case TCC_BRANCH -> assessBranch(straggler);
            case ORDER, SAGA -> assessOrder(straggler);
        };
    }

    /** Carries out the plan; returns what was done, or throws {@link NotResolvedException} / what a participant threw. */
    public String execute(Plan plan) {
        Straggler straggler = plan.straggler();
        return switch (plan.action()) {
            case CONFIRM_BRANCH -> finishBranch(straggler, InDoubtBranches.Decision.CONFIRM);
            case CANCEL_BRANCH -> finishBranch(straggler, InDoubtBranches.Decision.CANCEL);
            case SETTLE_PAID -> settleWallet(straggler.orderId(), GlobalOutcome.COMMITTED);
            case SETTLE_REJECTED -> settleWallet(straggler.orderId(), GlobalOutcome.ROLLED_BACK);
            case EXPIRE -> guarded("external-checkout", () -> {
                externalCheckout.expire(straggler.orderId());
                externalCheckout.redrive(straggler.orderId());
                return "expired and released; order " + statusOf(straggler.orderId());
            });
            case FINISH_SETTLEMENT, RELEASE -> guarded("external-checkout", () -> {
                // a broken opening saga has no claim yet: nothing can pay the order any more, so it is released
                orders.claimClosing(straggler.orderId(), RejectionReason.UNAVAILABLE.name());
                externalCheckout.redrive(straggler.orderId());
                return "driven to the end; order " + statusOf(straggler.orderId());
            });
            case WAIT -> throw new NotResolvedException(plan.evidence());
        };
    }

    private Plan assessBranch(Straggler straggler) {
        GlobalStatus status = coordinator.status(straggler.xid());
        if (TransactionCoordinator.drivenByTc(status)) {
            return new Plan(straggler, Action.WAIT, "the TC is still driving " + straggler.xid() + " (" + status + ")");
        }
        Optional<Order> order = straggler.orderId() == null ? Optional.empty() : orders.find(straggler.orderId());
        String orderSays = order.map(o -> "; order " + o.status()).orElse("; no order");
        if (TransactionCoordinator.commitDecided(status)) {
            return new Plan(straggler, Action.CONFIRM_BRANCH, "TC: " + status + orderSays);
        }
        if (TransactionCoordinator.rollbackDecided(status)) {
            return new Plan(straggler, Action.CANCEL_BRANCH, "TC: " + status + orderSays);
        }
        // the TC has forgotten the transaction: the order, settled from the TC's answer at the time, says which way —
        // except that a branch of a transaction that committed is never cancelled, whatever the order says
        if (order.isEmpty()) {
            return straggler.orderId() == null
                    ? new Plan(straggler, Action.CANCEL_BRANCH, "TC: " + status + "; no order recorded it, so nothing was bought")
                    : cancelUnlessCommitted(straggler, status, "no order recorded it");
        }
        return switch (order.get().status()) {
            case PAID -> new Plan(straggler, Action.CONFIRM_BRANCH, "TC: " + status + "; order PAID");
            case REJECTED, EXPIRED -> cancelUnlessCommitted(straggler, status, "order " + order.get().status());
            case PENDING_PAYMENT -> new Plan(straggler, Action.WAIT, "TC: " + status + "; order still pending (settled first)");
        };
    }

    /**
     * A branch whose order was not paid, of a transaction the TC forgot: cancelled if no participant confirmed
     * anything for the order; confirmed if one did (the transaction committed, and every branch follows it — the
     * unpaid order is then a drift that reconciliation reports for a refund); left while a ledger cannot be read.
     */
    private Plan cancelUnlessCommitted(Straggler straggler, GlobalStatus status, String orderSays) {
        TransactionOutcomes.Verdict verdict = outcomes.forgottenByTheTc(straggler.orderId(), straggler.xid(), status);
        return switch (verdict.outcome()) {
            case ROLLED_BACK -> new Plan(straggler, Action.CANCEL_BRANCH, verdict.evidence() + "; " + orderSays);
            case COMMITTED -> new Plan(straggler, Action.CONFIRM_BRANCH, verdict.evidence() + "; " + orderSays
                    + ", which reconciliation reports");
            case UNDECIDED -> new Plan(straggler, Action.WAIT, verdict.evidence() + "; " + orderSays);
        };
    }

    private Plan assessOrder(Straggler straggler) {
        Order order = orders.find(straggler.orderId())
                .orElseThrow(() -> new NotResolvedException("order " + straggler.orderId() + " does not exist"));
        if (order.isTerminal()) {
            return new Plan(straggler, Action.WAIT, "order already " + order.status() + "; nothing left to do once the saga log catches up");
        }
        if (order.paymentMethod() == PaymentMethod.WALLET) {
            GlobalOutcome outcome;
            try {
                outcome = walletRecovery.outcomeOf(order, clock.instant());
            } catch (TransactionException e) {
                return new Plan(straggler, Action.WAIT, "the TC cannot be asked: " + e.getMessage());
            }
            String evidence = order.xid() == null ? "no commit was requested and the deadline passed"
                    : "TC: " + coordinator.status(order.xid());
            return switch (outcome) {
                case COMMITTED -> new Plan(straggler, Action.SETTLE_PAID, evidence);
                case ROLLED_BACK -> new Plan(straggler, Action.SETTLE_REJECTED, evidence);
                case UNDECIDED -> new Plan(straggler, Action.WAIT, evidence + "; undecided");
            };
        }
        String closing = orders.closingOf(order.orderId());
        if (OrderClosing.PAID.equals(closing)) {
            return new Plan(straggler, Action.FINISH_SETTLEMENT, "claimed PAID (provider reported success); settlement stalled");
        }
        if (closing != null) {
            return new Plan(straggler, Action.RELEASE, "claimed " + closing + "; release stalled");
        }
        if (order.payBefore() != null && clock.instant().isAfter(order.payBefore())) {
            String provider = providerSays(order.paymentId());
            if (provider.contains("provider SUCCEEDED")) {
                // the money was taken and its callback has not arrived: the callback — or, overdue, payment-svc asking
                // the provider (OverdueProviderReports) — pays the order or, this late, expires and refunds it
                // (payment-svc's rules); expiring first would race it
                return new Plan(straggler, Action.WAIT, provider + "; its report (callback or payment-svc's status poll) settles the order");
            }
            return new Plan(straggler, Action.EXPIRE, "no successful payment before payBefore " + order.payBefore() + "; " + provider);
        }
        return new Plan(straggler, Action.RELEASE, "opening saga broke before the payment window ended: "
                + (straggler.lastError() != null ? straggler.lastError() : straggler.what()));
    }

    /** The provider's word on the payment, as evidence ("recorded PENDING, provider PENDING"); never throws. */
    private String providerSays(String paymentId) {
        if (paymentId == null) {
            return "no payment was opened";
        }
        try {
            ProviderPayments.ProviderView view = guarded("payment-svc", () -> providerPayments.provider(paymentId));
            return "payment " + paymentId + " recorded " + view.recordedStatus() + ", provider " + view.providerStatus();
        } catch (RuntimeException e) {
            return "payment " + paymentId + ": provider not asked (" + e.getClass().getSimpleName() + ")";
        }
    }

    private String finishBranch(Straggler straggler, InDoubtBranches.Decision decision) {
        String[] parts = straggler.id().split(":", 4); // tcc:<action>:<xid>:<branchId>, the XID holds a ':' itself
        String action = parts[1];
        int lastColon = straggler.id().lastIndexOf(':');
        long branchId = Long.parseLong(straggler.id().substring(lastColon + 1));
        InDoubtBranchesEndpoint.Finished finished = guarded(straggler.participant(), () -> participants.of(straggler.participant())
                .finish(action, straggler.xid(), branchId, new InDoubtBranchesEndpoint.Finish(decision)));
        return decision.name().toLowerCase() + "ed " + action + " branch " + branchId + " at " + straggler.participant()
                + ("DONE".equals(finished.outcome()) ? "" : " (it was already finished)");
    }

    private String settleWallet(String orderId, GlobalOutcome outcome) {
        Order order = orders.find(orderId).orElseThrow(() -> new NotResolvedException("order " + orderId + " does not exist"));
        if (order.isTerminal()) {
            return "order already " + order.status();
        }
        if (!orders.finish(order.settledBy(outcome, clock.instant()), order.version())) {
            throw new NotResolvedException("order " + orderId + " changed meanwhile; assessed again next time");
        }
        return "order " + statusOf(orderId);
    }

    private OrderStatus statusOf(String orderId) {
        return orders.find(orderId).map(Order::status).orElse(null);
    }

    private <T> T guarded(String participant, Supplier<T> call) {
        Bulkhead bulkhead = bulkheads.bulkhead(participant == null ? "unknown" : participant);
        return Bulkhead.decorateSupplier(bulkhead, call).get();
    }
}
