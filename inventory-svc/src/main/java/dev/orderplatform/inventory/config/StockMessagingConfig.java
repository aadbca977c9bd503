package dev.orderplatform.inventory.config;

import dev.orderplatform.inventory.messaging.StockCacheUpdater;
import dev.orderplatform.inventory.messaging.StockChangeTransactionListener;
import dev.orderplatform.inventory.messaging.StockMessaging;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The RocketMQ producer and consumer of stock changes. The plain client rather than rocketmq-spring's template:
 * the check-back needs the raw message (its key), and the sender/consumer thread pools and the redelivery limit
 * are spelled out here instead of hiding behind annotations.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StockMessaging.class)
public class StockMessagingConfig {

    static {
        // the client's own log files go to the working directory (./stack gives each process its own), not ~/logs
        if (System.getProperty("rocketmq.client.logRoot") == null) {
            System.setProperty("rocketmq.client.logRoot", "logs/rocketmq");
        }
    }

    /**
     * Transactional producer. Check-backs run on their own small pool: each may wait on a database row lock while
     * the change it asks about is still committing.
     */
    @Bean(initMethod = "start", destroyMethod = "shutdown")
    TransactionMQProducer stockChangeProducer(StockMessaging settings, StockChangeTransactionListener listener,
                                              @Value("${server.port}") int port) {
        TransactionMQProducer producer = new TransactionMQProducer(StockMessaging.PRODUCER_GROUP);
        producer.setNamesrvAddr(settings.nameServer());
        producer.setInstanceName("inventory-" + port); // two instances on one host must not share a client
        producer.setTransactionListener(listener);
        producer.setExecutorService(new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2000),
                new CustomizableThreadFactory("stock-check-")));
        producer.setSendMsgTimeout((int) settings.halfMessageTimeout().toMillis());
        return producer;
    }

    /**
     * Cache consumer: clustering mode (each message applied by one instance; Redis is shared), a few threads,
     * and a bounded number of redeliveries before the dead-letter queue.
     */
    @Bean(initMethod = "start", destroyMethod = "shutdown")
    DefaultMQPushConsumer stockCacheConsumer(StockMessaging settings, StockCacheUpdater updater,
                                             @Value("${server.port}") int port) throws MQClientException {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(StockMessaging.CONSUMER_GROUP);
        consumer.setNamesrvAddr(settings.nameServer());
        consumer.setInstanceName("inventory-" + port);
        consumer.subscribe(StockMessaging.TOPIC, "*");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeThreadMin(2);
        consumer.setConsumeThreadMax(4);
        consumer.setMaxReconsumeTimes(settings.maxRedeliveries());
        consumer.registerMessageListener(updater);
        return consumer;
    }
}
