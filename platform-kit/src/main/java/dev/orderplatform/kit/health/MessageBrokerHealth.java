package dev.orderplatform.kit.health;

import java.time.Duration;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.springframework.boot.actuate.health.Health;

/**
 * Ready only while RocketMQ takes messages: the name server names the brokers (through the service's own producer, so
 * its address and client are the ones that publish) and every master broker answers a status request. A service that
 * publishes transactional messages cannot commit a change whose message has nowhere to go.
 */
public class MessageBrokerHealth extends AnswerWithinPatience {

    private final DefaultMQProducer producer;
    private final long timeoutMillis;

    public MessageBrokerHealth(DefaultMQProducer producer, Duration patience) {
        super("messageBroker", patience);
        this.producer = producer;
        this.timeoutMillis = patience.toMillis();
    }

    @Override
    protected Health ask() throws Exception {
        MQClientAPIImpl client = producer.getDefaultMQProducerImpl().getMqClientFactory().getMQClientAPIImpl();
        ClusterInfo cluster = client.getBrokerClusterInfo(timeoutMillis);
        int masters = 0;
        for (BrokerData broker : cluster.getBrokerAddrTable().values()) {
            String master = broker.getBrokerAddrs().get(0L); // broker id 0 is the master
            if (master != null) {
                client.getBrokerRuntimeInfo(master, timeoutMillis);
                masters++;
            }
        }
        if (masters == 0) {
            return Health.down().withDetail("reason", "the name server knows no master broker").build();
        }
        return Health.up().withDetail("masters", masters).build();
    }
}
