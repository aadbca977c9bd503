package dev.orderplatform.order.domain;

/**
 * Why an order was rejected. The first four are docs/api.md's; the others extend it for failures that are not
 * the customer's: the global transaction ran out of time, a participant could not be reached, or the order's
 * total exceeds what the platform accepts. In every case nothing was charged, reserved or frozen.
 */
public enum RejectionReason {
    INSUFFICIENT_STOCK,
    INSUFFICIENT_FUNDS,
    INSUFFICIENT_POINTS,
    UNKNOWN_SKU,
    TIMEOUT,
    UNAVAILABLE,
    AMOUNT_LIMIT_EXCEEDED,
    /** External checkout: the payment provider reported the payment failed. */
    PAYMENT_FAILED,
    /** An operator force-cancelled the order (POST /admin/orders/{id}/force-cancel); the reason is in the audit log. */
    CANCELLED_BY_OPERATOR
}
