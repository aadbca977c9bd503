package dev.orderplatform.order.config;

import dev.orderplatform.order.messaging.OrderStatusFanout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** Subscribes this instance to the order-status channel (see {@link OrderStatusFanout}). */
@Configuration(proxyBeanMethods = false)
public class OrderEventsConfig {

    @Bean
    RedisMessageListenerContainer orderStatusListener(RedisConnectionFactory redis, OrderStatusFanout fanout) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(redis);
        container.addMessageListener(fanout, new ChannelTopic(OrderStatusFanout.CHANNEL));
        container.setRecoveryInterval(2000); // resubscribe every 2 s while Redis is away
        return container;
    }
}
