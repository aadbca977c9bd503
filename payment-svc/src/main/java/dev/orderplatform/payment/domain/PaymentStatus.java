package dev.orderplatform.payment.domain;

/** Statuses of a payment (API.md). */
public enum PaymentStatus {
    PENDING,
    SUCCEEDED,
    FAILED,
    REFUNDED
}
