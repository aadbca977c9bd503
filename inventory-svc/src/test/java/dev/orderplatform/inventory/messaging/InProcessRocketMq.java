package dev.orderplatform.inventory.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.rocketmq.broker.BrokerController;
import org.apache.rocketmq.common.BrokerConfig;
import org.apache.rocketmq.common.MQVersion;
import org.apache.rocketmq.common.MixAll;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.namesrv.NamesrvConfig;
import org.apache.rocketmq.namesrv.NamesrvController;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.netty.NettyServerConfig;
import org.apache.rocketmq.remoting.netty.TlsSystemConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.store.config.MessageStoreConfig;
import org.awaitility.Awaitility;

/**
 * A RocketMQ name server and broker inside the test JVM — the same release the stack runs in their own processes —
 * for inventory-svc's fast tests of code that sends stock-change messages: on free loopback ports, their store in a
 * temporary directory deleted on {@link #close()}, the stock-changes topic declared before the broker registers, with
 * the stack's transactional-message settings.
 */
public final class InProcessRocketMq implements AutoCloseable {

    private final Path home;
    private final NamesrvController nameServer;
    private final BrokerController broker;
    private final String nameServerAddress;

    private InProcessRocketMq(Path home, NamesrvController nameServer, BrokerController broker, String nameServerAddress) {
        this.home = home;
        this.nameServer = nameServer;
        this.broker = broker;
        this.nameServerAddress = nameServerAddress;
    }

    public static InProcessRocketMq start() {
        try {
            Path home = Files.createTempDirectory("rocketmq-");
            System.setProperty(MixAll.ROCKETMQ_HOME_PROPERTY, home.toString());
            // as BrokerStartup and NamesrvStartup do: without it requests carry version 0, and the name server reads
            // the broker's registration as a pre-3.0.11 one and lists none of its topics
            System.setProperty(RemotingCommand.REMOTING_VERSION_KEY, Integer.toString(MQVersion.CURRENT_VERSION));
            // plain TCP, as the clients speak it: "permissive" TLS (the default) spends seconds making a certificate per server
            System.setProperty(TlsSystemConfig.TLS_SERVER_MODE, "disabled");

            NamesrvConfig namesrvConfig = new NamesrvConfig();
            namesrvConfig.setKvConfigPath(home.resolve("namesrv").resolve("kvConfig.json").toString());
            namesrvConfig.setConfigStorePath(home.resolve("namesrv").resolve("namesrv.properties").toString());
            NettyServerConfig namesrvNetty = loopback(freePort(0));
            NamesrvController nameServer = new NamesrvController(namesrvConfig, namesrvNetty, new NettyClientConfig());
            if (!nameServer.initialize()) {
                throw new IllegalStateException("the name server did not initialize");
            }
            nameServer.start();
            String address = "127.0.0.1:" + namesrvNetty.getListenPort();

            // the broker also listens on its port − 2 (fast channel) and on the HA port given here
            int port = freePort(2);
            BrokerConfig brokerConfig = new BrokerConfig();
            brokerConfig.setBrokerName("broker-test");
            brokerConfig.setNamesrvAddr(address);
            brokerConfig.setBrokerIP1("127.0.0.1");
            brokerConfig.setBrokerIP2("127.0.0.1");
            brokerConfig.setAutoCreateTopicEnable(true);
            brokerConfig.setAutoCreateSubscriptionGroup(true);
            // as on the stack (RocketMqBroker): a half message still open after 3 s is checked back every 5 s
            brokerConfig.setTransactionTimeOut(3000);
            brokerConfig.setTransactionCheckInterval(5000);
            brokerConfig.setTransactionCheckMax(15);
            MessageStoreConfig store = new MessageStoreConfig();
            store.setStorePathRootDir(home.resolve("store").toString());
            store.setStorePathCommitLog(home.resolve("store").resolve("commitlog").toString());
            store.setMappedFileSizeCommitLog(16 * 1024 * 1024);
            store.setMappedFileSizeConsumeQueue(30_000 * 20);
            store.setTimerWheelEnable(false);
            store.setHaListenPort(freePort(0));
            BrokerController broker = new BrokerController(brokerConfig, loopback(port), new NettyClientConfig(), store);
            if (!broker.initialize()) {
                throw new IllegalStateException("the broker did not initialize");
            }
            TopicConfig topic = new TopicConfig(StockMessaging.TOPIC, 4, 4);
            broker.getTopicConfigManager().updateTopicConfig(topic);
            broker.start();
            // registers the topics now: the broker's own registration at start lists them only on its first periodic
            // round, 10 s later
            broker.registerBrokerAll(true, false, true);

            InProcessRocketMq started = new InProcessRocketMq(home, nameServer, broker, address);
            started.awaitRoute(StockMessaging.TOPIC, Duration.ofSeconds(30));
            return started;
        } catch (Exception e) {
            throw new IllegalStateException("RocketMQ did not start inside the test JVM", e);
        }
    }

    /** The name server's address, as {@code platform.stock-cache.name-server} takes it. */
    public String nameServer() {
        return nameServerAddress;
    }

    private void awaitRoute(String topic, Duration wait) {
        Awaitility.await("the broker registers " + topic).atMost(wait).pollInterval(Duration.ofMillis(100))
                .until(() -> nameServer.getRouteInfoManager().pickupTopicRouteData(topic) != null);
    }

    @Override
    public void close() {
        // each takes seconds (netty's graceful shutdowns, the store's flush): side by side
        CompletableFuture<Void> brokerDown = CompletableFuture.runAsync(broker::shutdown);
        nameServer.shutdown();
        brokerDown.join();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NettyServerConfig loopback(int port) {
        NettyServerConfig config = new NettyServerConfig();
        config.setListenPort(port);
        config.setBindAddress("127.0.0.1");
        return config;
    }

    /** A free port whose {@code below}-th lower neighbour is free as well (0: just the port). */
    private static int freePort(int below) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            if (below == 0 || isFree(port - below)) {
                return port;
            }
        }
        throw new IllegalStateException("no free pair of ports");
    }

    private static boolean isFree(int port) {
        try (ServerSocket ignored = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
