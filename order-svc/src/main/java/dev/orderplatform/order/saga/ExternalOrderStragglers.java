package dev.orderplatform.order.saga;

import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.jobs.RunBudget;
import dev.orderplatform.order.store.OrderStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Expiry and stalled follow-ups of external orders, on one order-svc instance at a time: an order unpaid past
 * payBefore is expired (its holds released, exactly once — the claim sees to it); an order claimed but still
 * pending after the grace period is driven again. Orders whose opening saga died mid-way are the TC's to
 * compensate (saga recovery), or this job's once their payBefore passes. A claimed order still pending
 * {@code platform.stragglers.after} past payBefore is handed over to the straggler job.
 */
@Component
public class ExternalOrderStragglers {

    private static final Logger log = LoggerFactory.getLogger(ExternalOrderStragglers.class);

    private final OrderStore orders;
    /** Fault points: the start of a run of each job (a test holds them there to see what happens without them). */
    public static final String RUN = "external-order-stragglers/RUN";
    public static final String CLAIM = "external-order-stragglers/CLAIM";

    private final ExternalCheckout checkout;
    private final Clock clock;
    private final Duration grace;
    private final FaultHooks faults;
    private final Duration handOver;
    private final Duration runBudget;

    /** @param handOver claimed orders this long past payBefore are the straggler job's (with backoff, then parked) */
    public ExternalOrderStragglers(OrderStore orders, ExternalCheckout checkout, Clock clock,
                                   @Value("${platform.external-checkout.stalled-after}") Duration grace, FaultHooks faults,
                                   @Value("${platform.stragglers.after}") Duration handOver,
                                   @Value("${platform.jobs.run-budget}") Duration runBudget) {
        this.runBudget = runBudget;
        this.orders = orders;
        this.checkout = checkout;
        this.clock = clock;
        this.grace = grace;
        this.faults = faults;
        this.handOver = handOver;
    }

    /**
     * Claims every due order EXPIRED: database writes only, on a job (and thread) of its own, so it stays on time
     * whatever the participants do. Releasing a claimed order calls them, and one hung participant held a run that
     * did both for its read timeouts, making the orders that fell due meanwhile late by as much (28 s in a CI run).
     */
    @Scheduled(fixedDelayString = "${platform.external-checkout.job-interval}")
    @SchedulerLock(name = "external-order-expiry-claims", lockAtMostFor = "PT1M")
    public void claimExpired() {
        faults.at(CLAIM);
        orders.findExpired(clock.instant(), 50).forEach(checkout::claimExpiry);
    }

    /** Releases the orders claimed EXPIRED, then drives stalled closings on; within the run budget. */
    @Scheduled(fixedDelayString = "${platform.external-checkout.job-interval}")
    @SchedulerLock(name = "external-order-stragglers", lockAtMostFor = "PT1M")
    public void run() {
        faults.at(RUN);
        RunBudget budget = RunBudget.of(clock, runBudget);
        for (String orderId : orders.findClaimedExpiries(clock.instant().minus(handOver), 50)) {
            if (budget.spent()) {
                return; // claimed and not released yet: the next run takes it
            }
            attempt("release expired", orderId, () -> checkout.redrive(orderId));
        }
        for (String orderId : orders.findStalledClosings(clock.instant().minus(grace), clock.instant().minus(handOver), 50)) {
            if (budget.spent()) {
                return;
            }
            attempt("finish", orderId, () -> checkout.redrive(orderId));
        }
    }

    private static void attempt(String what, String orderId, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("Could not {} external order {} yet: {}", what, orderId, e.toString());
        }
    }
}
