package dev.orderplatform.order.messaging;

import dev.orderplatform.order.store.FlashPurchaseFinished;
import dev.orderplatform.order.store.OrderStatusChanged;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells every order-svc instance that an order (or a flash-sale purchase) changed, through Redis pub/sub, so that a
 * client streaming its events from any instance sees a change made by any other. The message is only a nudge (id
 * and version); receivers read it from the database. Pub/sub delivers at most once — a nudge lost while
 * Redis or an instance is away is made up for by the streams' own periodic re-read.
 */
@Component
public class OrderStatusFanout implements MessageListener {

    public static final String CHANNEL = "order-status";
    public static final String PURCHASE_CHANNEL = "flash-purchase-status";

    private static final Logger log = LoggerFactory.getLogger(OrderStatusFanout.class);

    private final StringRedisTemplate redis;
    private final ApplicationEventPublisher events;

    public OrderStatusFanout(StringRedisTemplate redis, ApplicationEventPublisher events) {
        this.redis = redis;
        this.events = events;
    }

    /** After the change committed (or at once, if it was made outside a transaction): nudge every instance. */
    @TransactionalEventListener(fallbackExecution = true)
    public void publish(OrderStatusChanged change) {
        try {
            redis.convertAndSend(CHANNEL, change.orderId() + " " + change.version());
        } catch (RuntimeException e) {
            log.warn("Order {} v{} not fanned out ({}); streams will catch up on their next re-read", change.orderId(),
                    change.version(), e.toString());
        }
    }

    /** After a purchase finished: nudge every instance. */
    @TransactionalEventListener(fallbackExecution = true)
    public void publish(FlashPurchaseFinished change) {
        try {
            redis.convertAndSend(PURCHASE_CHANNEL, change.purchaseId() + " " + change.version());
        } catch (RuntimeException e) {
            log.warn("Purchase {} v{} not fanned out ({}); streams will catch up on their next re-read", change.purchaseId(),
                    change.version(), e.toString());
        }
    }

    /** A nudge from any instance (this one included): re-published locally for the streams of that order or purchase. */
    @Override
    public void onMessage(Message message, byte[] pattern) {
        String[] parts = new String(message.getBody(), StandardCharsets.UTF_8).split(" ");
        if (parts.length != 2) {
            return;
        }
        String channel = new String(message.getChannel(), StandardCharsets.UTF_8);
        if (channel.equals(PURCHASE_CHANNEL)) {
            events.publishEvent(new PurchaseStatusBroadcast(parts[0], Long.parseLong(parts[1])));
        } else {
            events.publishEvent(new OrderStatusBroadcast(parts[0], Long.parseLong(parts[1])));
        }
    }

    /** An order changed somewhere in the cluster (received from Redis). */
    public record OrderStatusBroadcast(String orderId, long version) {
    }

    /** A flash-sale purchase finished somewhere in the cluster (received from Redis). */
    public record PurchaseStatusBroadcast(String purchaseId, long version) {
    }
}
