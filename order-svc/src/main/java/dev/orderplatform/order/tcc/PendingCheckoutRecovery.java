package dev.orderplatform.order.tcc;

import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.jobs.RunBudget;
import dev.orderplatform.order.domain.GlobalOutcome;
import dev.orderplatform.order.domain.Order;
import dev.orderplatform.order.domain.PaymentMethod;
import dev.orderplatform.order.store.OrderStore;
import feign.FeignException;
import io.seata.core.exception.TransactionException;
import io.seata.core.model.GlobalStatus;
import io.seata.tm.api.GlobalTransactionContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finishes wallet orders that their request could not finish — its order-svc process died mid-checkout, or the
 * answer to its commit was lost — from the record of what actually happened:
 * <ul>
 *   <li>an order with an XID reached the commit: its outcome is the TC's ({@code Committed}, {@code CommitRetrying}
 *       … → PAID; any rollback → REJECTED). A TC that no longer knows the XID has finished it, so the payment's
 *       own status says how (SUCCEEDED → PAID, FAILED → REJECTED);</li>
 *   <li>an order without an XID never asked for a commit: once its deadline has passed the TC has rolled it back
 *       (or will), and the initiator can no longer commit it (Seata refuses a commit after the timeout) → REJECTED.
 *       The TC's timeout runs from {@code begin}, which may come later than placement, so a slow checkout may still
 *       be approving it: the rejection is recorded only while the order still has no XID, and an approval only while
 *       the order is still pending — whichever comes first wins, and a checkout that loses rolls back.</li>
 * </ul>
 * Orders are settled with the same compare-and-set as a live request, so a request finishing at the same time
 * cannot be overwritten. One order-svc instance at a time runs this (ShedLock). Orders still pending
 * {@code platform.stragglers.after} past their deadline are handed over to the straggler job.
 */
@Component
public class PendingCheckoutRecovery {

    private static final Logger log = LoggerFactory.getLogger(PendingCheckoutRecovery.class);
    private static final int BATCH = 100;
    /**
     * Test-only fault points: an order's outcome decided and not yet recorded (the window a live checkout may race) /
     * the attempt to record it made.
     */
    static final String DECIDED = "pending-checkout-recovery/DECIDED";
    static final String RECORDED = "pending-checkout-recovery/RECORDED";

    private final OrderStore orders;
    private final Participants.Payment payment;
    private final Clock clock;
    private final Duration grace;
    private final Duration handOver;
    private final FaultHooks faults;
    private final Duration runBudget;

    /** @param handOver orders this long past their deadline are the straggler job's (with backoff, then parked) */
    public PendingCheckoutRecovery(OrderStore orders, Participants.Payment payment, Clock clock,
                                   @Value("${platform.checkout.recovery.grace}") Duration grace,
                                   @Value("${platform.stragglers.after}") Duration handOver, FaultHooks faults,
                                   @Value("${platform.jobs.run-budget}") Duration runBudget) {
        this.faults = faults;
        this.runBudget = runBudget;
        this.orders = orders;
        this.payment = payment;
        this.clock = clock;
        this.grace = grace;
        this.handOver = handOver;
    }

    @Scheduled(fixedDelayString = "${platform.checkout.recovery.interval}", initialDelayString = "${platform.checkout.recovery.interval}")
    @SchedulerLock(name = "pending-checkout-recovery", lockAtMostFor = "PT1M")
    public void settlePendingOrders() {
        Instant now = clock.instant();
        RunBudget budget = RunBudget.of(clock, runBudget);
        // orders a live request may still be finishing are left alone for a short grace period
        for (Order order : orders.findPending(PaymentMethod.WALLET, now.minus(grace), now.minus(handOver), BATCH)) {
            if (budget.spent()) {
                return; // the TC or payment-svc answers slowly: the rest is the next run's
            }
            try {
                GlobalOutcome outcome = outcomeOf(order, now);
                if (outcome == GlobalOutcome.UNDECIDED) {
                    continue;
                }
                faults.at(DECIDED);
                // a live checkout may approve the order right now: finish() then refuses to reject it (it has an XID)
                if (orders.finish(order.settledBy(outcome, clock.instant()), order.version())) {
                    log.info("Settled pending order {} ({}) as {}", order.orderId(), order.xid(), outcome);
                }
                faults.at(RECORDED);
            } catch (RuntimeException | TransactionException e) {
                log.warn("Cannot settle order {} yet: {}", order.orderId(), e.toString());
            }
        }
    }

    public GlobalOutcome outcomeOf(Order order, Instant now) throws TransactionException {
        if (order.xid() == null) {
            return now.isAfter(order.deadline().plus(grace)) ? GlobalOutcome.ROLLED_BACK : GlobalOutcome.UNDECIDED;
        }
        GlobalStatus status = GlobalTransactionContext.reload(order.xid()).getStatus();
        return switch (status) {
            case Committed, Committing, CommitRetrying, AsyncCommitting, CommitFailed, CommitRetryTimeout -> GlobalOutcome.COMMITTED;
            case Rollbacked, Rollbacking, RollbackRetrying, RollbackFailed, RollbackRetryTimeout,
                    TimeoutRollbacked, TimeoutRollbacking, TimeoutRollbackRetrying, TimeoutRollbackFailed -> GlobalOutcome.ROLLED_BACK;
            case Finished -> outcomeFromPayment(order);
            case Begin, UnKnown -> GlobalOutcome.UNDECIDED; // the TC times out a transaction left in Begin
        };
    }

    /** The TC has finished and forgotten the transaction: the payment it settled says which way. */
    private GlobalOutcome outcomeFromPayment(Order order) {
        try {
            return switch (payment.payment(order.paymentId()).status()) {
                case "SUCCEEDED", "REFUNDED" -> GlobalOutcome.COMMITTED;
                case "FAILED" -> GlobalOutcome.ROLLED_BACK;
                default -> GlobalOutcome.UNDECIDED; // still PENDING: phase two has not reached payment-svc yet
            };
        } catch (FeignException.NotFound neverFrozen) {
            return GlobalOutcome.ROLLED_BACK;
        }
    }
}
