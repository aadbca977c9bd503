package dev.orderplatform.kit.health;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.route.BrokerData;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.springframework.boot.actuate.health.Health;

/**
 * Ready only while RocketMQ takes messages: the name server answers (asked through the service's own producer, so its
 * address and client are the ones that publish) and every master broker answers a status request. A service that
 * publishes transactional messages cannot commit a change whose message has nowhere to go.
 *
 * <p>The brokers asked are those the name server names plus those the producer already routes to. A name server that
 * stalled long enough for a broker's request to it to time out forgets that broker when it resumes (the broker closed
 * the connection, which unregisters it) until the broker registers again, up to 30 s later; meanwhile the producer
 * still publishes through the routes it holds, so the service is ready.
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
        Set<String> masters = new TreeSet<>();
        for (BrokerData broker : cluster.getBrokerAddrTable().values()) {
            addMaster(masters, broker.getBrokerAddrs());
        }
        for (TopicRouteData route : producer.getDefaultMQProducerImpl().getMqClientFactory().getTopicRouteTable().values()) {
            route.getBrokerDatas().forEach(broker -> addMaster(masters, broker.getBrokerAddrs()));
        }
        if (masters.isEmpty()) {
            return Health.down().withDetail("reason", "neither the name server nor the producer knows a master broker").build();
        }
        for (String master : masters) {
            client.getBrokerRuntimeInfo(master, timeoutMillis);
        }
        return Health.up().withDetail("masters", masters.size()).build();
    }

    private static void addMaster(Set<String> masters, Map<Long, String> addressesById) {
        String master = addressesById.get(MixAll.MASTER_ID);
        if (master != null) {
            masters.add(master);
        }
    }
}
