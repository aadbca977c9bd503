package dev.orderplatform.payment.callbacks;

import dev.orderplatform.payment.domain.PaymentMethod;
import dev.orderplatform.payment.store.CallbackAnomalyMapper;
import dev.orderplatform.payment.store.CallbackAnomalyRow;
import dev.orderplatform.payment.store.CallbackEventRow;
import dev.orderplatform.payment.store.CallbackInboxMapper;
import dev.orderplatform.payment.store.PaymentMapper;
import dev.orderplatform.payment.store.PaymentRow;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Receives a verified provider callback: records it durably in the inbox before the provider gets its 200
 * (so nothing is lost if the process dies right after answering), once per event id. A callback about a
 * payment we do not have, or for another amount, is recorded for operators and changes nothing.
 */
@Component
public class PaymentCallbackInbox {

    /** What became of a received callback. */
    public enum Receipt {
        /** New: stored, to be processed. */
        ACCEPTED,
        /** Seen before (same event id): no second effect. */
        DUPLICATE,
        /** Does not match our payment: recorded as an anomaly. */
        MISMATCHED
    }

    private final PaymentMapper payments;
    private final CallbackInboxMapper inbox;
    private final CallbackAnomalyMapper anomalies;
    private final Clock clock;

    public PaymentCallbackInbox(PaymentMapper payments, CallbackInboxMapper inbox, CallbackAnomalyMapper anomalies, Clock clock) {
        this.payments = payments;
        this.inbox = inbox;
        this.anomalies = anomalies;
        this.clock = clock;
    }

    /** @return the receipt; for MISMATCHED, {@link #mismatch} says why */
    public Receipt receive(ProviderCallback callback, String rawBody) {
        Instant now = clock.instant();
        String mismatch = mismatch(callback);
        if (mismatch != null) {
            recordAnomaly(callback.eventId(), callback.paymentId(), mismatch, rawBody);
            return Receipt.MISMATCHED;
        }
        CallbackEventRow row = new CallbackEventRow();
        row.eventId = callback.eventId();
        row.paymentId = callback.paymentId();
        row.status = callback.status();
        row.amountCents = callback.amountCents();
        row.occurredAt = callback.occurredAt();
        row.rawBody = rawBody;
        row.receivedAt = now;
        return inbox.insertIfNew(row) == 1 ? Receipt.ACCEPTED : Receipt.DUPLICATE;
    }

    /** Why the callback does not match the payment we know, or null if it does. */
    public String mismatch(ProviderCallback callback) {
        PaymentRow payment = payments.selectById(callback.paymentId());
        if (payment == null || !PaymentMethod.EXTERNAL.name().equals(payment.method)) {
            return "unknown payment " + callback.paymentId();
        }
        if (payment.amountCents != callback.amountCents()) {
            return "amount " + callback.amountCents() + " differs from the payment's " + payment.amountCents;
        }
        return null;
    }

    /** A signed callback whose body cannot be used (mismatched, or not the documented shape), for operators. */
    public void recordAnomaly(String eventId, String paymentId, String reason, String rawBody) {
        CallbackAnomalyRow row = new CallbackAnomalyRow();
        row.eventId = eventId == null ? null : eventId.substring(0, Math.min(eventId.length(), 128));
        row.paymentId = paymentId == null ? null : paymentId.substring(0, Math.min(paymentId.length(), 128));
        row.reason = reason.substring(0, Math.min(reason.length(), 255));
        row.rawBody = rawBody;
        row.receivedAt = clock.instant();
        anomalies.insert(row);
    }
}
