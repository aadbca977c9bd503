package dev.orderplatform.kit.messaging;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The RocketMQ clients the services build (inventory-svc's stock changes, order-svc's flash-sale purchases), set up
 * alike. The plain client rather than rocketmq-spring's template: a check-back needs the raw message (its key), and
 * the thread pools are spelled out here instead of hiding behind annotations.
 */
public final class RocketMqClients {

    static {
        // the client's own log files go to the working directory (./stack gives each process its own), not ~/logs
        if (System.getProperty("rocketmq.client.logRoot") == null) {
            System.setProperty("rocketmq.client.logRoot", "logs/rocketmq");
        }
    }

    private RocketMqClients() {
    }

    /**
     * A transactional producer (not started). Check-backs run on two threads of their own, named {@code checkThreads}:
     * each may wait on the row lock of a local transaction still committing.
     *
     * @param instance unique per process on a host (two instances of a service must not share a client)
     */
    public static TransactionMQProducer transactionalProducer(String group, String nameServer, String instance,
                                                              TransactionListener listener, String checkThreads,
                                                              Duration sendTimeout) {
        TransactionMQProducer producer = new TransactionMQProducer(group);
        producer.setNamesrvAddr(nameServer);
        producer.setInstanceName(instance);
        producer.setTransactionListener(listener);
        producer.setExecutorService(new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2000),
                new CustomizableThreadFactory(checkThreads)));
        producer.setSendMsgTimeout((int) sendTimeout.toMillis());
        return producer;
    }

    /**
     * A push consumer of {@code topic} (not started; the caller registers its listener): clustering mode (each message
     * handled by one instance), from the first offset for a new group, exactly {@code threads} consumer threads —
     * RocketMQ's pool never grows past its minimum (its queue is unbounded), so both bounds are set.
     */
    public static DefaultMQPushConsumer consumer(String group, String nameServer, String instance, String topic, int threads)
            throws MQClientException {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(nameServer);
        consumer.setInstanceName(instance);
        consumer.subscribe(topic, "*");
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.setConsumeThreadMin(threads);
        consumer.setConsumeThreadMax(threads);
        return consumer;
    }
}
