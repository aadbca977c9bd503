package dev.orderplatform.order.saga;

import dev.orderplatform.kit.contract.ParticipantContracts.OrderOfUser;
import dev.orderplatform.order.domain.Order;
import dev.orderplatform.order.domain.OrderStatus;
import dev.orderplatform.order.store.OrderStore;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * The steps of saga {@code settleExternalOrder} (saga-definitions/settle_external_order.json): the customer
 * paid, so the order's holds become a sale. Forward-only and idempotent: each is retried, and the TC forwards
 * an instance whose process died, until the order is PAID.
 */
@Component("externalSettlementSteps")
public class ExternalSettlementSteps {

    private final OrderStore orders;
    private final SagaParticipants.Inventory inventory;
    private final SagaParticipants.Points points;
    private final Clock clock;

    public ExternalSettlementSteps(OrderStore orders, SagaParticipants.Inventory inventory, SagaParticipants.Points points,
                                   Clock clock) {
        this.orders = orders;
        this.inventory = inventory;
        this.points = points;
        this.clock = clock;
    }

    /** ConfirmStock: the reserved stock is sold. */
    public void confirmStock(String orderId) {
        Order order = claimedPaid(orderId);
        SagaCalls.run("sell stock", null, () -> inventory.sell(new OrderOfUser(orderId, order.userId())));
    }

    /** RedeemPoints: the frozen points are spent and the earned points credited, once. */
    public void redeemPoints(String orderId) {
        Order order = claimedPaid(orderId);
        SagaCalls.run("redeem points", null, () -> points.redeem(new OrderOfUser(orderId, order.userId())));
    }

    /** MarkPaid: the order is PAID (a repeat finds it so and does nothing). */
    public void markPaid(String orderId) {
        Order order = claimedPaid(orderId);
        if (order.status() == OrderStatus.PAID) {
            return;
        }
        if (!orders.finish(order.paid(clock.instant()), order.version())) {
            Order now = orders.find(orderId).orElseThrow();
            if (now.status() != OrderStatus.PAID) {
                throw new IllegalStateException("order " + orderId + " ended " + now.status() + " while being paid");
            }
        }
    }

    /** The order, which must have been claimed as paid — settling anything else would sell what was released. */
    private Order claimedPaid(String orderId) {
        Order order = orders.find(orderId).orElseThrow(() -> new IllegalStateException("order " + orderId + " vanished"));
        if (!OrderClosing.PAID.equals(orders.closingOf(orderId))) {
            throw new IllegalStateException("order " + orderId + " is not claimed as paid");
        }
        return order;
    }
}
