package dev.orderplatform.order.store;

/**
 * Published (as a Spring application event, inside the transaction that made it) whenever an order's status —
 * and with it its version — changed. Listeners act after the commit.
 */
public record OrderStatusChanged(String orderId, long version) {
}
