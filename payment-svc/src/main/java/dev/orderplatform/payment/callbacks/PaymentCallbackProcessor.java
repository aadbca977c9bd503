package dev.orderplatform.payment.callbacks;

import dev.orderplatform.kit.contract.ParticipantContracts.PaymentEvent;
import dev.orderplatform.kit.jobs.RunBudget;
import dev.orderplatform.payment.domain.PaymentStatus;
import dev.orderplatform.payment.integration.OrderService;
import dev.orderplatform.payment.saga.OpenPaymentSagaStep;
import dev.orderplatform.payment.store.CallbackEventRow;
import dev.orderplatform.payment.store.CallbackInboxMapper;
import dev.orderplatform.payment.store.PaymentMapper;
import dev.orderplatform.payment.store.PaymentRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Works off the callback inbox: moves the payment as the provider reported (in any arrival order — see
 * {@link PaymentStatus#afterProviderReport}) and tells order-svc how the payment stands, which settles,
 * releases or refunds the order. An event is marked processed only after order-svc acted on it; until then a
 * sweep retries it with growing pauses, on whichever instance claims it first (a claim expires, so an event
 * held by a process that died is taken over).
 *
 * <p>An accepted callback is processed at once on a small pool; the sweep catches everything else (an
 * instance that died, order-svc unreachable).
 */
@Component
public class PaymentCallbackProcessor implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PaymentCallbackProcessor.class);
    private static final Duration CLAIM = Duration.ofSeconds(30);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final CallbackInboxMapper inbox;
    private final PaymentMapper payments;
    private final OrderService orders;
    private final OpenPaymentSagaStep openPaymentStep;
    private final Clock clock;
    private final Duration runBudget;
    private final ExecutorService immediate = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "payment-callbacks");
        thread.setDaemon(true);
        return thread;
    });

    public PaymentCallbackProcessor(CallbackInboxMapper inbox, PaymentMapper payments, OrderService orders,
                                    OpenPaymentSagaStep openPaymentStep, Clock clock,
                                    @Value("${platform.jobs.run-budget}") Duration runBudget) {
        this.runBudget = runBudget;
        this.inbox = inbox;
        this.payments = payments;
        this.orders = orders;
        this.openPaymentStep = openPaymentStep;
        this.clock = clock;
    }

    /** Processes a just-accepted event soon, off the provider's request (which is answered first). */
    public void processSoon(String eventId) {
        try {
            immediate.submit(() -> process(eventId));
        } catch (RejectedExecutionException shuttingDown) {
            log.debug("Event {} left to the sweep", eventId);
        }
    }

    @Scheduled(fixedDelayString = "${platform.payment-callbacks.sweep-interval:PT1S}")
    public void sweep() {
        RunBudget budget = RunBudget.of(clock, runBudget);
        for (String eventId : inbox.findUnprocessed(clock.instant(), 50)) {
            if (budget.spent()) {
                return; // order-svc answers slowly: the rest is the next sweep's
            }
            process(eventId);
        }
    }

    /** Processes the event if this worker can claim it; otherwise someone else has it (or it is done). */
    void process(String eventId) {
        Instant now = clock.instant();
        if (inbox.claim(eventId, now, now.plus(CLAIM)) != 1) {
            return;
        }
        CallbackEventRow event = inbox.selectById(eventId);
        try {
            PaymentRow payment = applyToPayment(event);
            PaymentStatus status = PaymentStatus.valueOf(payment.status);
            if (status == PaymentStatus.SUCCEEDED) {
                openPaymentStep.collected(payment);
            }
            if (status == PaymentStatus.SUCCEEDED || status == PaymentStatus.FAILED) {
                Instant arrivedAt = event.status.equals(status.name()) ? event.receivedAt : null;
                orders.paymentEvent(new PaymentEvent(payment.orderId, payment.paymentId, status.name(), arrivedAt));
            }
            inbox.markProcessed(eventId, "payment " + status + (event.status.equals(status.name()) ? "" : " (report " + event.status + " stale)"),
                    clock.instant());
        } catch (RuntimeException e) {
            Duration pause = pauseAfter(event.attempts + 1);
            log.warn("Callback event {} not processed (attempt {}), retrying in {}: {}", eventId, event.attempts + 1, pause, e.toString());
            inbox.release(eventId, abbreviate(e.toString()), clock.instant().plus(pause));
        }
    }

    /** Moves the payment as the report says (a conditional update, re-read if another report moved it first). */
    private PaymentRow applyToPayment(CallbackEventRow event) {
        PaymentStatus reported = PaymentStatus.valueOf(event.status);
        for (int round = 0; round < 5; round++) {
            PaymentRow payment = payments.selectById(event.paymentId);
            PaymentStatus current = PaymentStatus.valueOf(payment.status);
            PaymentStatus next = current.afterProviderReport(reported);
            if (next == current || payments.moveStatus(payment.paymentId, current.name(), next.name(), clock.instant()) == 1) {
                payment.status = next.name();
                return payment;
            }
        }
        throw new IllegalStateException("payment " + event.paymentId + " kept changing under event " + event.eventId);
    }

    /** 1 s, 2 s, 4 s … at most 30 s between attempts. */
    static Duration pauseAfter(int attempts) {
        long seconds = 1L << Math.min(Math.max(attempts - 1, 0), 5);
        Duration pause = Duration.ofSeconds(seconds);
        return pause.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause;
    }

    private static String abbreviate(String text) {
        return text.length() <= 255 ? text : text.substring(0, 255);
    }

    @Override
    public void destroy() {
        immediate.shutdown();
    }
}
