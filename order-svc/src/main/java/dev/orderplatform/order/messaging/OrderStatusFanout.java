package dev.orderplatform.order.messaging;

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
 * Tells every order-svc instance that an order changed, through Redis pub/sub, so that a client streaming the
 * order's events from any instance sees a change made by any other. The message is only a nudge (order id and
 * version); receivers read the order from the database. Pub/sub delivers at most once — a nudge lost while
 * Redis or an instance is away is made up for by the streams' own periodic re-read.
 */
@Component
public class OrderStatusFanout implements MessageListener {

    public static final String CHANNEL = "order-status";

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

    /** A nudge from any instance (this one included): re-published locally for the streams of that order. */
    @Override
    public void onMessage(Message message, byte[] pattern) {
        String[] parts = new String(message.getBody(), StandardCharsets.UTF_8).split(" ");
        if (parts.length == 2) {
            events.publishEvent(new OrderStatusBroadcast(parts[0], Long.parseLong(parts[1])));
        }
    }

    /** An order changed somewhere in the cluster (received from Redis). */
    public record OrderStatusBroadcast(String orderId, long version) {
    }
}
