package dev.orderplatform.payment.domain;

/** Statuses of a payment (docs/api.md). */
public enum PaymentStatus {
    PENDING,
    SUCCEEDED,
    FAILED,
    REFUNDED;

    /**
     * The status of an external payment after the provider reports {@code reported} (SUCCEEDED or FAILED), in
     * whatever order reports arrive. A success is the provider's last word — the customer's money was taken —
     * so it replaces PENDING and also a FAILED (a failure reported first, or our own cancellation at expiry; the
     * order then refunds it). A failure only ends a payment still PENDING: after a success it is stale.
     * A refunded payment stays refunded.
     */
    public PaymentStatus afterProviderReport(PaymentStatus reported) {
        return switch (reported) {
            case SUCCEEDED -> this == REFUNDED ? REFUNDED : SUCCEEDED;
            case FAILED -> this == PENDING ? FAILED : this;
            default -> throw new IllegalArgumentException("the provider reports SUCCEEDED or FAILED, not " + reported);
        };
    }
}
