package dev.orderplatform.order.store;

import dev.orderplatform.order.domain.OrderStatus;
import dev.orderplatform.order.domain.PaymentMethod;
import dev.orderplatform.order.domain.RejectionReason;

/**
 * Published (as a Spring application event, inside the transaction that recorded it) when an order reaches its
 * terminal status; {@code reason} only for a rejection. Listeners act after the commit.
 */
public record OrderFinished(String orderId, PaymentMethod payment, OrderStatus status, RejectionReason reason) {
}
