package dev.orderplatform.order.domain;

/** PENDING_PAYMENT → PAID | REJECTED | EXPIRED (API.md). */
public enum OrderStatus {
    PENDING_PAYMENT,
    PAID,
    REJECTED,
    EXPIRED;

    public boolean isTerminal() {
        return this != PENDING_PAYMENT;
    }
}
