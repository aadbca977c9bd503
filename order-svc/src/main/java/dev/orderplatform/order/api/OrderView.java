package dev.orderplatform.order.api;

import dev.orderplatform.order.domain.Order;
import java.time.Instant;
import java.util.List;

/** The order body of docs/api.md. Absent members ({@code reason}, {@code paymentId}, …) are left out. */
public record OrderView(
        String orderId,
        String userId,
        String status,
        String reason,
        List<Item> items,
        long amountCents,
        long pointsRedeemed,
        long amountPaidCents,
        long pointsEarned,
        String paymentId,
        Instant payBefore,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public record Item(String sku, long quantity, Long unitPriceCents) {
    }

    public static OrderView of(Order order) {
        return new OrderView(
                order.orderId(),
                order.userId(),
                order.status().name(),
                order.reason() == null ? null : order.reason().name(),
                order.lines().stream().map(line -> new Item(line.sku(), line.quantity(), line.unitPriceCents())).toList(),
                order.amountCents(),
                order.pointsRedeemed(),
                order.amountPaidCents(),
                order.pointsEarned(),
                order.paymentId(),
                order.payBefore(),
                order.createdAt(),
                order.updatedAt(),
                order.version());
    }
}
