package dev.orderplatform.order.flashsale;

import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.order.domain.FlashPurchase;
import dev.orderplatform.order.domain.FlashSale;
import dev.orderplatform.order.domain.Order;
import dev.orderplatform.order.domain.OrderStatus;
import dev.orderplatform.order.store.FlashPurchaseStore;
import dev.orderplatform.order.store.FlashSaleStore;
import dev.orderplatform.order.store.OrderStore;
import dev.orderplatform.order.tcc.WalletCheckout;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Turns queued purchases into wallet checkouts, at the database's pace: the queue's consumer ({@code
 * platform.flash-sales.order-workers} threads per instance) and, for a purchase whose message is overdue, the
 * flash-sale job. Whatever the redeliveries, a purchase has one order at a time — its order id is chosen before the
 * order is placed, and a second attempt finds that order instead of placing another. An order refused for a passing
 * reason (a participant or the TC unavailable, a timeout) is followed by another, up to {@code order-attempts}; a
 * refusal about the buyer (funds, points) or the last attempt fails the purchase and gives its units back:
 * inventory-svc's Cancel puts them back in the sale's allocation, and here they go back to the sale's counts, so
 * another buyer can have them.
 */
@Component
public class FlashPurchaseOrders implements MessageListenerConcurrently {

    private static final Logger log = LoggerFactory.getLogger(FlashPurchaseOrders.class);

    /** Test-only fault point: a queued purchase taken from the queue, its order not placed yet. */
    static final String BEFORE_ORDER = "flash-purchase/BEFORE_ORDER";

    /** What became of one attempt. */
    public enum Attempt {
        /** The purchase is finished (now or before): nothing more to do. */
        FINISHED,
        /** Its order is still being settled (by this attempt's process, or the pending-checkout recovery): later. */
        NOT_YET,
        /** Its order failed for a passing reason and another is to be placed: soon. */
        NEXT_ORDER
    }

    /** RocketMQ's delay level 2: a purchase whose order failed for a passing reason is delivered again after 5 s. */
    private static final int NEXT_ORDER_DELAY_LEVEL = 2;

    private final FlashPurchaseStore purchases;
    private final FlashSaleStore sales;
    private final OrderStore orders;
    private final WalletCheckout checkout;
    private final FlashSaleCounters counters;
    private final FlashSaleSettings settings;
    private final MeterRegistry meters;
    private final FaultHooks faults;
    private final Clock clock;

    public FlashPurchaseOrders(FlashPurchaseStore purchases, FlashSaleStore sales, OrderStore orders,
                               WalletCheckout checkout, FlashSaleCounters counters, FlashSaleSettings settings,
                               MeterRegistry meters, FaultHooks faults, Clock clock) {
        this.purchases = purchases;
        this.sales = sales;
        this.orders = orders;
        this.checkout = checkout;
        this.counters = counters;
        this.settings = settings;
        this.meters = meters;
        this.faults = faults;
        this.clock = clock;
    }

    @Override
    public ConsumeConcurrentlyStatus consumeMessage(List<MessageExt> messages, ConsumeConcurrentlyContext context) {
        for (MessageExt message : messages) {
            try {
                Attempt attempt = make(message.getKeys());
                if (attempt == Attempt.NEXT_ORDER) {
                    context.setDelayLevelWhenNextConsume(NEXT_ORDER_DELAY_LEVEL);
                }
                if (attempt != Attempt.FINISHED) {
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER; // by default after 10 s, then 30 s, 1 min, …
                }
            } catch (RuntimeException failed) {
                log.warn("Purchase {} not made yet (delivery {}): {}", message.getKeys(), message.getReconsumeTimes() + 1,
                        failed.toString());
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
        }
        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    }

    /** Makes the purchase's order if nobody has, and records how the purchase ended once its order did. */
    public Attempt make(String purchaseId) {
        Optional<FlashPurchase> found = purchases.find(purchaseId);
        if (found.isEmpty()) {
            log.warn("Queued purchase {} is not recorded; nothing to make", purchaseId);
            return Attempt.FINISHED;
        }
        FlashPurchase purchase = found.get();
        if (purchase.status().isTerminal()) {
            meters.counter("flash.purchases.redelivered").increment(); // a copy of a finished purchase: nothing to do
            return Attempt.FINISHED;
        }
        Optional<Order> existing = orders.find(purchase.orderId());
        Order order = existing.isPresent() ? existing.get() : place(purchase).orElse(null);
        if (order == null || !order.isTerminal()) {
            return Attempt.NOT_YET;
        }
        if (order.status() == OrderStatus.REJECTED && FlashPurchase.worthAnotherOrder(order.reason())
                && purchase.orderAttempts() < settings.orderAttempts()) {
            // its units stay held (inventory's Cancel put them back in the sale's allocation, where the next order
            // takes them); the next delivery places the next order
            if (purchases.replaceOrder(purchase, Identifiers.newId("ord"))) {
                log.info("Order {} of purchase {} failed ({}); another follows (attempt {} of {})", order.orderId(),
                        purchase.purchaseId(), order.reason(), purchase.orderAttempts() + 1, settings.orderAttempts());
            }
            return Attempt.NEXT_ORDER;
        }
        finish(purchase, order);
        return Attempt.FINISHED;
    }

    /** Places and runs the purchase's order; empty if another attempt placed it first. */
    private Optional<Order> place(FlashPurchase purchase) {
        faults.at(BEFORE_ORDER);
        FlashSale sale = sales.find(purchase.saleId()).orElseThrow();
        Instant now = clock.instant();
        Order pending = purchase.order(sale.sku(), now, checkout.deadlineFrom(now));
        try {
            orders.insert(pending);
        } catch (DuplicateKeyException anotherAttempt) {
            return Optional.empty();
        }
        return Optional.of(checkout.runForSale(pending, sale.saleId()));
    }

    private void finish(FlashPurchase purchase, Order order) {
        if (order.status() == OrderStatus.PAID) {
            if (purchases.paid(purchase)) {
                meters.counter("flash.purchases.finished", "status", "PAID").increment();
            }
            return;
        }
        // the units go back to the Redis counter first (once: release.lua marks the purchase), then the purchase fails
        // in MySQL; a crash in between leaves the counter ahead of the database for a moment, never behind it (units
        // lost to buyers), and the database's guarded count still refuses an oversell. Redis down: tried again later.
        counters.release(purchase);
        if (purchases.failed(purchase, order.reason())) {
            meters.counter("flash.purchases.finished", "status", "FAILED").increment();
            log.info("Purchase {} failed ({}): its {} unit(s) went back to sale {}", purchase.purchaseId(), order.reason(),
                    purchase.quantity(), purchase.saleId());
        }
    }
}
