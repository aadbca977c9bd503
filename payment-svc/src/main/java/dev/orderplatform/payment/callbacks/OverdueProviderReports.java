package dev.orderplatform.payment.callbacks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.kit.jobs.RunBudget;
import dev.orderplatform.payment.integration.PaymentProviderClient;
import dev.orderplatform.payment.integration.PaymentProviderClient.ProviderPayment;
import dev.orderplatform.payment.store.PaymentMapper;
import dev.orderplatform.payment.store.PaymentRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The provider's word for an external payment whose callbacks never came (the provider gave up delivering them, or
 * they were lost): once its pay-before is {@code overdue.after} past and nothing reported it, payment-svc asks the
 * provider itself — at the provider's configured address, the same trust as every call we make to it — and a final
 * SUCCEEDED or FAILED goes into the callback inbox as the provider's report, recorded as such (event id
 * {@code polled-<status>:<paymentId>}, raw body {@code "source":"status-poll"}). From there it takes exactly the
 * path a callback takes — same deduplication, same rules ({@link dev.orderplatform.payment.domain.PaymentStatus}),
 * same notice to order-svc — so the order settles, or, past its pay-before, its money is refunded, exactly once;
 * a callback arriving later after all changes nothing more. A payment the provider still calls PENDING is asked
 * again every {@code overdue.recheck-every}; payments older than {@code overdue.lookback} are left to reconciliation.
 * Every instance may run this: a payment is claimed (its {@code provider_checked_at}) before the provider is asked.
 */
@Component
public class OverdueProviderReports {

    /** Event ids of reports taken from the provider's status rather than from a callback. */
    public static final String EVENT_PREFIX = "polled-";
    private static final Set<String> REPORTED = Set.of("SUCCEEDED", "FAILED");
    private static final Logger log = LoggerFactory.getLogger(OverdueProviderReports.class);
    private static final int BATCH = 50;

    private final PaymentMapper payments;
    private final PaymentProviderClient provider;
    private final PaymentCallbackInbox inbox;
    private final PaymentCallbackProcessor processor;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration overdueAfter;
    private final Duration recheckEvery;
    private final Duration lookback;
    private final Duration runBudget;

    public OverdueProviderReports(PaymentMapper payments, PaymentProviderClient provider, PaymentCallbackInbox inbox,
                                  PaymentCallbackProcessor processor, ObjectMapper json, Clock clock,
                                  @Value("${platform.payment-callbacks.overdue.after}") Duration overdueAfter,
                                  @Value("${platform.payment-callbacks.overdue.recheck-every}") Duration recheckEvery,
                                  @Value("${platform.payment-callbacks.overdue.lookback}") Duration lookback,
                                  @Value("${platform.jobs.run-budget}") Duration runBudget) {
        this.runBudget = runBudget;
        this.payments = payments;
        this.provider = provider;
        this.inbox = inbox;
        this.processor = processor;
        this.json = json;
        this.clock = clock;
        this.overdueAfter = overdueAfter;
        this.recheckEvery = recheckEvery;
        this.lookback = lookback;
    }

    @Scheduled(fixedDelayString = "${platform.payment-callbacks.overdue.poll-interval}",
            initialDelayString = "${platform.payment-callbacks.overdue.poll-interval}")
    public void askAboutOverduePayments() {
        Instant now = clock.instant();
        Instant askedBefore = now.minus(recheckEvery);
        RunBudget budget = RunBudget.of(clock, runBudget);
        for (String paymentId : payments.findOverdueUnreported(now.minus(overdueAfter), now.minus(lookback), askedBefore, BATCH)) {
            if (budget.spent()) {
                return; // the provider answers slowly: the rest is the next run's
            }
            if (payments.claimProviderCheck(paymentId, now, askedBefore) != 1) {
                continue; // another instance is asking
            }
            try {
                log.info("Payment {} overdue and never reported: the provider says {}", paymentId, askProvider(paymentId));
            } catch (RuntimeException e) {
                log.warn("Could not ask the provider about overdue payment {}; asking again later: {}", paymentId, e.toString());
            }
        }
    }

    /** Asks the provider about the payment and takes a final SUCCEEDED or FAILED as its report; returns what it said. */
    String askProvider(String paymentId) {
        PaymentRow payment = payments.selectById(paymentId);
        ProviderPayment said = provider.status(paymentId);
        payments.recordProviderSaid(paymentId, said.status());
        if (REPORTED.contains(said.status())) {
            ProviderCallback report = new ProviderCallback(EVENT_PREFIX + said.status().toLowerCase() + ":" + paymentId, paymentId,
                    said.status(), said.amountCents() != null ? said.amountCents() : payment.amountCents, clock.instant());
            if (inbox.receive(report, rawBody(report)) == PaymentCallbackInbox.Receipt.ACCEPTED) {
                processor.processSoon(report.eventId());
            }
        }
        return said.status();
    }

    private String rawBody(ProviderCallback report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", "status-poll");
        body.put("eventId", report.eventId());
        body.put("paymentId", report.paymentId());
        body.put("status", report.status());
        body.put("amountCents", report.amountCents());
        body.put("occurredAt", report.occurredAt().toString());
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
