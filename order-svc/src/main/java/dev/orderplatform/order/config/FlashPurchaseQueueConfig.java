package dev.orderplatform.order.config;

import dev.orderplatform.kit.messaging.RocketMqClients;
import dev.orderplatform.order.flashsale.FlashPurchaseOrders;
import dev.orderplatform.order.flashsale.FlashPurchaseTransactionListener;
import dev.orderplatform.order.flashsale.FlashSaleSettings;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The flash-sale purchase queue: its transactional producer and its consumer (set up as {@link RocketMqClients}'). */
@Configuration(proxyBeanMethods = false)
public class FlashPurchaseQueueConfig {

    @Bean(initMethod = "start", destroyMethod = "shutdown")
    TransactionMQProducer flashPurchaseProducer(FlashSaleSettings settings, FlashPurchaseTransactionListener listener,
                                                @Value("${server.port}") int port) {
        return RocketMqClients.transactionalProducer(FlashSaleSettings.PRODUCER_GROUP, settings.nameServer(),
                "order-" + port, listener, "flash-purchase-check-", settings.sendTimeout());
    }

    /**
     * {@code order-workers} threads, one message at a time. Started once the application is ready
     * ({@link #startConsuming}): a purchase taken earlier could find the transaction manager not yet registered with
     * the TC and fail for nothing.
     */
    @Bean(destroyMethod = "shutdown")
    DefaultMQPushConsumer flashPurchaseConsumer(FlashSaleSettings settings, FlashPurchaseOrders orders,
                                                @Value("${server.port}") int port) throws MQClientException {
        DefaultMQPushConsumer consumer = RocketMqClients.consumer(FlashSaleSettings.CONSUMER_GROUP, settings.nameServer(),
                "order-" + port, FlashSaleSettings.TOPIC, settings.orderWorkers());
        consumer.setConsumeMessageBatchMaxSize(1);
        consumer.registerMessageListener(orders);
        return consumer;
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> startConsuming(DefaultMQPushConsumer flashPurchaseConsumer) {
        return ready -> {
            try {
                flashPurchaseConsumer.start();
            } catch (MQClientException e) {
                throw new IllegalStateException("the flash-sale purchase consumer did not start", e);
            }
        };
    }
}
