package dev.orderplatform.payment.saga;

import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.payment.domain.PaymentStatus;
import dev.orderplatform.payment.integration.PaymentProviderClient;
import dev.orderplatform.payment.store.PaymentMapper;
import dev.orderplatform.payment.store.PaymentRow;
import dev.orderplatform.payment.store.RefundMapper;
import dev.orderplatform.payment.store.RefundRow;
import java.time.Clock;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Gives back a payment that succeeded for an order that did not take it (it had expired, or a failure report
 * had already rejected it) — exactly once: the refund id is derived from the payment (the provider's
 * idempotency key), and the refund row's unique payment id makes the local record single.
 */
@Component
public class PaymentRefunds {

    private final PaymentMapper payments;
    private final RefundMapper refunds;
    private final PaymentProviderClient provider;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public PaymentRefunds(PaymentMapper payments, RefundMapper refunds, PaymentProviderClient provider,
                          TransactionTemplate transactions, Clock clock) {
        this.payments = payments;
        this.refunds = refunds;
        this.provider = provider;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Refunds the payment (a repeat does nothing). 409 unless it succeeded; 404 if it is not this order's. */
    public void refund(String orderId, String paymentId) {
        PaymentRow payment = payments.selectById(paymentId);
        if (payment == null || !payment.orderId.equals(orderId)) {
            throw Problems.notFound("Payment of order " + orderId, paymentId);
        }
        if (PaymentStatus.REFUNDED.name().equals(payment.status)) {
            return;
        }
        if (!PaymentStatus.SUCCEEDED.name().equals(payment.status)) {
            throw new ApiException(HttpStatus.CONFLICT, Problems.SAGA_STEP_CONFLICT, "Nothing to refund",
                    "Payment " + paymentId + " is " + payment.status + "; only a succeeded payment is refunded");
        }
        String refundId = "rf-" + paymentId;
        provider.refund(paymentId, refundId, payment.amountCents); // first: a crash after it repeats it, harmlessly
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant();
            if (refunds.selectById(refundId) == null) {
                RefundRow row = new RefundRow();
                row.refundId = refundId;
                row.paymentId = paymentId;
                row.orderId = orderId;
                row.amountCents = payment.amountCents;
                row.createdAt = now;
                refunds.insert(row);
            }
            payments.moveStatus(paymentId, PaymentStatus.SUCCEEDED.name(), PaymentStatus.REFUNDED.name(), now);
        });
    }
}
