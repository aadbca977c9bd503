package dev.orderplatform.order.config;

import dev.orderplatform.order.api.EventStreams;
import dev.orderplatform.order.messaging.OrderStatusFanout;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The event streams' settings ({@code platform.order-events.*}, for order and purchase streams alike), and this
 * instance's subscription to the status channels (see {@link OrderStatusFanout}).
 */
@Configuration(proxyBeanMethods = false)
public class OrderEventsConfig {

    @Bean
    EventStreams.Settings eventStreamSettings(@Value("${platform.order-events.heartbeat}") Duration heartbeat,
                                              @Value("${platform.order-events.reread}") Duration reread,
                                              @Value("${platform.order-events.timeout}") Duration timeout,
                                              @Value("${platform.order-events.max-per-order}") int maxPerOrder,
                                              @Value("${platform.order-events.max-per-user}") int maxPerUser,
                                              @Value("${platform.order-events.max-streams}") int maxStreams) {
        return new EventStreams.Settings(heartbeat, reread, timeout, maxPerOrder, maxPerUser, maxStreams);
    }

    @Bean
    RedisMessageListenerContainer orderStatusListener(RedisConnectionFactory redis, OrderStatusFanout fanout) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(redis);
        container.addMessageListener(fanout, new ChannelTopic(OrderStatusFanout.CHANNEL));
        container.addMessageListener(fanout, new ChannelTopic(OrderStatusFanout.PURCHASE_CHANNEL));
        container.setRecoveryInterval(2000); // resubscribe every 2 s while Redis is away
        return container;
    }
}
