package dev.orderplatform.order.domain;

/** PENDING_PAYMENT → PAID | REJECTED | EXPIRED (docs/api.md). */
public enum OrderStatus {
    PENDING_PAYMENT,
    PAID,
    REJECTED,
    EXPIRED;

    public boolean isTerminal() {
        return this != PENDING_PAYMENT;
    }
}
