package dev.orderplatform.order.saga;

import dev.orderplatform.kit.contract.ParticipantContracts.PaymentEvent;
import dev.orderplatform.kit.contract.ParticipantContracts.RefundPayment;
import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.order.domain.Order;
import dev.orderplatform.order.domain.OrderStatus;
import dev.orderplatform.order.domain.RejectionReason;
import dev.orderplatform.order.store.OrderStore;
import io.seata.saga.engine.StateMachineEngine;
import io.seata.saga.statelang.domain.ExecutionStatus;
import io.seata.saga.statelang.domain.StateMachineInstance;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * External checkout, end to end, on Seata's saga engine:
 * <ol>
 *   <li>{@link #start}: saga {@code externalCheckout} holds the order's stock and points and opens its payment
 *       (or, refused, compensates and rejects the order);</li>
 *   <li>then exactly one of: the provider reports success → the order is claimed PAID and saga
 *       {@code settleExternalOrder} sells and redeems; it reports failure, or payBefore passes → the order is
 *       claimed PAYMENT_FAILED / EXPIRED and the opening saga is compensated (everything released, the order
 *       REJECTED / EXPIRED);</li>
 *   <li>a success that loses that race — it arrives after the order expired or was rejected — is refunded.</li>
 * </ol>
 * The claim is a conditional update of the order ({@code closing}), made before anything is undone or settled;
 * every action after it is idempotent and is driven again until the order is terminal (by the provider's
 * retried callback, the straggler job, or the TC's saga recovery).
 */
@Component
public class ExternalCheckout {

    private static final Logger log = LoggerFactory.getLogger(ExternalCheckout.class);
    /** How long a caller holds the right to start a settlement saga: far longer than recording its start takes. */
    private static final Duration SETTLE_START_LEASE = Duration.ofSeconds(30);

    static final String CHECKOUT_SAGA = "externalCheckout";
    static final String SETTLE_SAGA = "settleExternalOrder";

    private final StateMachineEngine engine;
    private final OrderStore orders;
    private final ExternalCheckoutSteps steps;
    private final SagaParticipants.Payment payment;
    private final Clock clock;

    public ExternalCheckout(StateMachineEngine engine, OrderStore orders, ExternalCheckoutSteps steps,
                            SagaParticipants.Payment payment, Clock clock) {
        this.engine = engine;
        this.orders = orders;
        this.steps = steps;
        this.payment = payment;
        this.clock = clock;
    }

    /**
     * Runs the opening saga for a freshly stored pending order. Returns the order as it stands after: pending
     * with its payment open, REJECTED (refused and compensated), or — if the saga's outcome is unknown — pending,
     * for the TC or the straggler job to finish.
     */
    public Order start(Order pending) {
        String orderId = pending.orderId();
        try {
            StateMachineInstance saga = engine.startWithBusinessKey(CHECKOUT_SAGA, null, orderId, params(orderId));
            if (saga.getStatus() != ExecutionStatus.SU) {
                log.info("External checkout of {} ended {} (compensation {})", orderId, saga.getStatus(), saga.getCompensationStatus());
            }
        } catch (RuntimeException e) {
            if (instance(orderId) == null) {
                // the saga never began (e.g. no TC): nothing was held, so the order is rejected here
                log.warn("External checkout of {} could not begin: {}", orderId, e.toString());
                orders.claimClosing(orderId, RejectionReason.UNAVAILABLE.name());
                steps.closeOrder(orderId);
            } else {
                log.warn("External checkout of {} failed mid-way; its saga will be recovered", orderId, e);
            }
        }
        return existing(orderId);
    }

    /**
     * The provider's verdict on the order's payment, relayed by payment-svc. Returns once acted on; throws
     * (payment-svc then retries) if the follow-up could not be completed yet.
     */
    public void onPaymentEvent(PaymentEvent event) {
        Order order = orders.find(event.orderId()).orElseThrow(() -> Problems.notFound("Order", event.orderId()));
        boolean ours = order.paymentId() == null || order.paymentId().equals(event.paymentId());
        if ("SUCCEEDED".equals(event.status())) {
            if (ours && arrivedTooLate(order, event)) {
                // docs/api.md: EXPIRED means no successful payment arrived before payBefore — even if the expiry job
                // has not got to this order yet; the late payment is then refunded below
                expire(order.orderId());
            }
            if (ours && (orders.claimClosing(order.orderId(), OrderClosing.PAID) || OrderClosing.PAID.equals(orders.closingOf(order.orderId())))) {
                // the report can overtake the opening saga's own record of the payment
                orders.recordPayment(order.orderId(), event.paymentId());
                settle(order.orderId());
            } else {
                refund(order.orderId(), event.paymentId()); // the order did not take this payment: give it back
            }
        } else if (ours && !order.isTerminal()) {
            orders.claimClosing(order.orderId(), RejectionReason.PAYMENT_FAILED.name());
            if (!OrderClosing.PAID.equals(orders.closingOf(order.orderId()))) {
                release(order.orderId());
            }
        }
    }

    private static boolean arrivedTooLate(Order order, PaymentEvent event) {
        return event.arrivedAt() != null && order.payBefore() != null && event.arrivedAt().isAfter(order.payBefore());
    }

    /** An unpaid order past payBefore: claimed EXPIRED (unless something else claimed it first) and released. */
    public void expire(String orderId) {
        if (claimExpiry(orderId)) {
            release(orderId);
        }
    }

    /** Claims the unpaid order EXPIRED (a database write only); true for the first claim, which must then release it. */
    public boolean claimExpiry(String orderId) {
        boolean claimed = orders.claimClosing(orderId, OrderClosing.EXPIRED);
        if (claimed) {
            log.info("Order {} expired unpaid; releasing its holds", orderId);
        }
        return claimed;
    }

    /** Drives a claimed order whose follow-up stalled (its process died, a participant was down) to its end. */
    public void redrive(String orderId) {
        if (OrderClosing.PAID.equals(orders.closingOf(orderId))) {
            settle(orderId);
        } else {
            release(orderId);
        }
    }

    /** Sells and redeems the order's holds and marks it PAID: saga settleExternalOrder, started once. */
    private void settle(String orderId) {
        String key = orderId + ":settle";
        StateMachineInstance saga = instance(key);
        if (saga == null) {
            if (!orders.claimSettleStart(orderId, SETTLE_START_LEASE)) {
                // another report of the same payment is starting it (a duplicated callback): never start a second
                // one — Seata would begin its global transaction before refusing the duplicate, and leave it behind
                saga = instance(key);
                if (saga == null) {
                    throw notFinishedYet(orderId, "settled");
                }
            } else {
                try {
                    saga = engine.startWithBusinessKey(SETTLE_SAGA, null, key, params(orderId));
                } catch (RuntimeException raced) {
                    saga = instance(key); // started by a holder of an expired claim
                    if (saga == null) {
                        throw raced;
                    }
                }
            }
        }
        if (saga.getStatus() != ExecutionStatus.SU && !runningElsewhere(saga)) {
            engine.forward(saga.getId(), null);
        }
        requireStatus(orderId, OrderStatus.PAID);
    }

    /** Releases the order's holds by compensating its opening saga, whose last compensation ends the order. */
    private void release(String orderId) {
        StateMachineInstance saga = instance(orderId);
        if (saga == null) {
            steps.closeOrder(orderId); // the saga never began, so nothing is held
        } else if (saga.getCompensationStatus() != ExecutionStatus.SU) {
            engine.compensate(saga.getId(), null);
        }
        if (!existing(orderId).isTerminal()) {
            throw notFinishedYet(orderId, "released");
        }
    }

    private void refund(String orderId, String paymentId) {
        log.info("Refunding payment {}: order {} did not take it", paymentId, orderId);
        SagaCalls.run("refund payment", null, () -> payment.refund(new RefundPayment(orderId, paymentId)));
    }

    private void requireStatus(String orderId, OrderStatus expected) {
        OrderStatus status = existing(orderId).status();
        if (status != expected) {
            throw notFinishedYet(orderId, expected.name());
        }
    }

    /**
     * The follow-up is still running (on another thread or instance) or will be driven again: a 503 the caller
     * (payment-svc's inbox) answers by retrying later — an expected moment, not an error.
     */
    private static ApiException notFinishedYet(String orderId, String what) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, Problems.SERVICE_UNAVAILABLE, "Not finished yet",
                "Order " + orderId + " is not " + what + " yet; retry later.", Map.of(), Map.of("Retry-After", "1"));
    }

    /** An instance another thread or process is executing right now (updated within the last minute). */
    private boolean runningElsewhere(StateMachineInstance saga) {
        return saga.isRunning() && saga.getGmtUpdated() != null
                && saga.getGmtUpdated().toInstant().isAfter(clock.instant().minus(Duration.ofMinutes(1)));
    }

    private StateMachineInstance instance(String businessKey) {
        return engine.getStateMachineConfig().getStateLogStore()
                .getStateMachineInstanceByBusinessKey(businessKey, engine.getStateMachineConfig().getDefaultTenantId());
    }

    private Order existing(String orderId) {
        return orders.find(orderId).orElseThrow(() -> new IllegalStateException("order " + orderId + " vanished"));
    }

    private static Map<String, Object> params(String orderId) {
        Map<String, Object> params = new HashMap<>();
        params.put("orderId", orderId);
        return params;
    }
}
