package dev.orderplatform.order.config;

import dev.orderplatform.order.flashsale.FlashPurchaseOrders;
import dev.orderplatform.order.flashsale.FlashPurchaseTransactionListener;
import dev.orderplatform.order.flashsale.FlashSaleSettings;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The flash-sale purchase queue: its transactional producer and its consumer. The plain RocketMQ client, as in
 * inventory-svc: the check-back needs the raw message (its key), and the thread pools are spelled out here.
 */
@Configuration(proxyBeanMethods = false)
public class FlashPurchaseQueueConfig {

    static {
        // the client's own log files go to the working directory (./stack gives each process its own), not ~/logs
        if (System.getProperty("rocketmq.client.logRoot") == null) {
            System.setProperty("rocketmq.client.logRoot", "logs/rocketmq");
        }
    }

    /** Check-backs run on a small pool of their own: each may wait on the row lock of an admission still committing. */
    @Bean(initMethod = "start", destroyMethod = "shutdown")
    TransactionMQProducer flashPurchaseProducer(FlashSaleSettings settings, FlashPurchaseTransactionListener listener,
                                                @Value("${server.port}") int port) {
        TransactionMQProducer producer = new TransactionMQProducer(FlashSaleSettings.PRODUCER_GROUP);
        producer.setNamesrvAddr(settings.nameServer());
        producer.setInstanceName("order-" + port); // two instances on one host must not share a client
        producer.setTransactionListener(listener);
        producer.setExecutorService(new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2000),
                new CustomizableThreadFactory("flash-purchase-check-")));
        producer.setSendMsgTimeout((int) settings.sendTimeout().toMillis());
        return producer;
    }

    /**
     * Clustering mode (each purchase made by one instance), exactly {@code order-workers} threads — RocketMQ's
     * consumer pool never grows past its minimum, so both are set — one message at a time. Started once the
     * application is ready ({@link #startConsuming}): a purchase taken earlier could find the transaction manager
     * not yet registered with the TC and fail for nothing.
     */
    @Bean(destroyMethod = "shutdown")
    DefaultMQPushConsumer flashPurchaseConsumer(FlashSaleSettings settings, FlashPurchaseOrders orders,
                                                @Value("${server.port}") int port) throws MQClientException {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(FlashSaleSettings.CONSUMER_GROUP);
        consumer.setNamesrvAddr(settings.nameServer());
        consumer.setInstanceName("order-" + port);
        consumer.subscribe(FlashSaleSettings.TOPIC, "*");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeThreadMin(settings.orderWorkers());
        consumer.setConsumeThreadMax(settings.orderWorkers());
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
