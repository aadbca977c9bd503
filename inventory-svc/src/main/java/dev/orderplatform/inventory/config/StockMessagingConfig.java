package dev.orderplatform.inventory.config;

import dev.orderplatform.inventory.messaging.StockCacheUpdater;
import dev.orderplatform.inventory.messaging.StockChangeTransactionListener;
import dev.orderplatform.inventory.messaging.StockMessaging;
import dev.orderplatform.kit.messaging.RocketMqClients;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The RocketMQ producer and consumer of stock changes (set up as every service's: {@link RocketMqClients}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StockMessaging.class)
public class StockMessagingConfig {

    @Bean(initMethod = "start", destroyMethod = "shutdown")
    TransactionMQProducer stockChangeProducer(StockMessaging settings, StockChangeTransactionListener listener,
                                              @Value("${server.port}") int port) {
        return RocketMqClients.transactionalProducer(StockMessaging.PRODUCER_GROUP, settings.nameServer(),
                "inventory-" + port, listener, "stock-check-", settings.halfMessageTimeout());
    }

    /** Cache consumer: a couple of threads (Redis is shared), a bounded number of redeliveries before the dead-letter queue. */
    @Bean(initMethod = "start", destroyMethod = "shutdown")
    DefaultMQPushConsumer stockCacheConsumer(StockMessaging settings, StockCacheUpdater updater,
                                             @Value("${server.port}") int port) throws MQClientException {
        DefaultMQPushConsumer consumer = RocketMqClients.consumer(StockMessaging.CONSUMER_GROUP, settings.nameServer(),
                "inventory-" + port, StockMessaging.TOPIC, 2);
        consumer.setMaxReconsumeTimes(settings.maxRedeliveries());
        consumer.registerMessageListener(updater);
        return consumer;
    }
}
