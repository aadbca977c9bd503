package dev.orderplatform.stack.servers;

import dev.orderplatform.stack.core.Component;
import dev.orderplatform.stack.core.Launcher;
import dev.orderplatform.stack.core.RunDirectory;
import dev.orderplatform.stack.core.StackContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole stack: the servers, then every instance of the four services, in dependency order.
 *
 * <pre>
 *   mariadb   mongo   redis   payment-provider   nacos   rocketmq-namesrv   zipkin   (independent: start in parallel)
 *                                                  |           |
 *                                                seata   rocketmq-broker       (seata also after mariadb: its store)
 *   order-svc, inventory-svc, payment-svc, points-svc (× instances)  — after every server is ready
 *   gateway                                                          — after every service instance is ready
 * </pre>
 *
 * payment-provider is the payment provider simulator; it calls back through the gateway, as the real provider would.
 */
public final class Servers {

    /**
     * How long the TC retries a failing Confirm or Cancel before giving up (the branch then shows as in doubt in
     * the participants' metrics, and order-svc's straggler job finishes it). Written into the TC's configuration and
     * given to every service as {@code platform.tcc.phase-two-retry-window}, which their fence-cleanup horizon must
     * exceed. Short on this stack (the services' default is 10 minutes) so that a participant can be kept away
     * longer than it, and the straggler job watched finishing what the TC gave up on.
     */
    static final Duration PHASE_TWO_RETRY_WINDOW = Duration.ofSeconds(45);

    /**
     * Straggler handling on this stack ({@code platform.stragglers.*}; the services' defaults are 60 s, 2 s … 5 min,
     * 10 attempts): taken over 20 s past the deadline, retried after 1, 2, 4, 8, 10, 10, 10 s, parked at the 8th
     * failure (about a minute of attempts), so that parking can be watched, and still longer than a restart.
     */
    static final Map<String, String> STRAGGLERS = Map.of(
            "PLATFORM_STRAGGLERS_AFTER", "20s",
            "PLATFORM_STRAGGLERS_JOB_INTERVAL", "PT2S",
            "PLATFORM_STRAGGLERS_INITIAL_BACKOFF", "1s",
            "PLATFORM_STRAGGLERS_MAX_BACKOFF", "10s",
            "PLATFORM_STRAGGLERS_MAX_ATTEMPTS", "8");

    /**
     * How long an external order may wait for its payment on this stack (the services' default is 15 minutes): short,
     * so that the demo and the tests can watch orders expire. Given to every service as
     * {@code platform.external-checkout.payment-window}.
     */
    static final Duration PAYMENT_WINDOW = Duration.ofSeconds(20);

    /**
     * Flash sales on this stack: an admission left unrecorded by a dying process gives its units back after 5 s
     * instead of 30, and a purchase whose message is late is made by the job after 20 s instead of 60.
     */
    static final Map<String, String> FLASH_SALE_RECOVERY = Map.of(
            "PLATFORM_FLASH_SALES_UNRECORDED_AFTER", "5s",
            "PLATFORM_FLASH_SALES_OVERDUE_AFTER", "20s");

    /**
     * When payment-svc asks the provider about a payment nobody reported ({@code platform.payment-callbacks.overdue.*};
     * the service's defaults are 2 min past pay-before, again every minute, every 10 s): 5 s past it, again every 5 s,
     * every 2 s on this stack, so that tests and the demo see a payment whose callbacks never come settled.
     */
    static final Map<String, String> OVERDUE_PROVIDER_REPORTS = Map.of(
            "PLATFORM_PAYMENT_CALLBACKS_OVERDUE_AFTER", "5s",
            "PLATFORM_PAYMENT_CALLBACKS_OVERDUE_RECHECK_EVERY", "5s",
            "PLATFORM_PAYMENT_CALLBACKS_OVERDUE_POLL_INTERVAL", "PT2S");

    /**
     * Redeliveries of a stock-cache message that cannot be applied before it goes to the dead-letter queue (the
     * service's default is 5, ~7 minutes); given to every service as {@code platform.stock-cache.max-redeliveries}.
     */
    static final int STOCK_CACHE_MAX_REDELIVERIES = 2;

    /** The address every listener of the stack binds (services, databases, Redis, the broker, the TC's console...). */
    static final String BIND_ADDRESS = "127.0.0.1";

    /** The gateway's per-address rate on a benchmarked stack: unlimited in effect (one load generator, many clients). */
    public static final int BENCH_EDGE_RATE = GatewayServer.BENCH_EDGE_RATE;

    /** The four services and their default ports (docs/api.md). */
    static final Map<String, Integer> SERVICES = servicePorts();

    private final StackContext context;
    private final MariaDbServer mariadb;
    private final MongoWireServer mongo;
    private final RedisServer redis;
    private final NacosServer nacos;
    private final SeataServer seata;
    private final RocketMqNameServer namesrv;
    private final RocketMqBroker broker;
    private final PaymentProviderServer provider;
    private final ZipkinServer zipkin;
    private final List<Component> components = new ArrayList<>();

    public Servers(StackContext context) {
        this.context = context;
        this.mariadb = new MariaDbServer(context);
        this.mongo = new MongoWireServer(context);
        this.redis = new RedisServer(context);
        this.nacos = new NacosServer(context);
        this.namesrv = new RocketMqNameServer();
        this.seata = new SeataServer(nacos, mariadb);
        this.broker = new RocketMqBroker(namesrv);
        this.provider = new PaymentProviderServer();
        this.zipkin = new ZipkinServer();
        components.addAll(List.of(mariadb, mongo, redis, provider, nacos, namesrv, seata, broker, zipkin));
        for (int instance = 1; instance <= context.settings().instances(); instance++) {
            for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
                components.add(new ServiceInstance(service.getKey(), service.getValue(), instance, this));
            }
        }
        components.add(new GatewayServer(this));
    }

    private static Map<String, Integer> servicePorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("inventory-svc", 8082);
        ports.put("payment-svc", 8083);
        ports.put("points-svc", 8084);
        ports.put("order-svc", 8081);
        return ports;
    }

    public StackContext context() {
        return context;
    }

    public Launcher launcher() {
        return new Launcher(context, components);
    }

    /** Every component, servers first, in the order they are listed. */
    List<Component> components() {
        return List.copyOf(components);
    }

    public List<String> componentNames() {
        return components.stream().map(Component::name).toList();
    }

    /** The servers every service instance waits for. */
    List<String> serverNames() {
        return List.of(mariadb.name(), mongo.name(), redis.name(), provider.name(), nacos.name(), seata.name(), namesrv.name(),
                broker.name());
    }

    /** Every instance of every service ({@code order-svc}, {@code order-svc-2}, …). */
    List<String> serviceInstanceNames() {
        return components.stream().filter(ServiceInstance.class::isInstance).map(Component::name).toList();
    }

    String nacosAddress() {
        return nacos.address();
    }

    NacosServer nacos() {
        return nacos;
    }

    /** How a service finds every server: the environment ./stack gives each service process. */
    Map<String, String> clientEnvironment(StackContext context) {
        Map<String, String> env = new HashMap<>();
        env.put("NACOS_ADDR", nacos.address());
        env.put("NACOS_USERNAME", nacos.username());
        env.put("NACOS_PASSWORD", nacos.password());
        env.put("MYSQL_URL", mariadb.url());
        env.put("MYSQL_USER", context.settings().mysqlUser());
        env.put("MYSQL_PASSWORD", context.settings().mysqlPassword());
        env.put("MONGO_URI", mongo.url());
        env.put("REDIS_URL", redis.url());
        env.put("ROCKETMQ_NAMESRV", namesrv.address());
        env.putAll(tracingEnvironment(context));
        env.put("ADMIN_TOKEN_SHA256", context.adminTokenSha256().get());
        env.put("OPERATOR_TOKEN_SHA256", RunDirectory.sha256Hex(context.run().roleToken("operator")));
        env.put("VIEWER_TOKEN_SHA256", RunDirectory.sha256Hex(context.run().roleToken("viewer")));
        env.put("METRICS_TOKEN_SHA256", RunDirectory.sha256Hex(context.run().roleToken("metrics")));
        // every service verifies the others' calls against their public keys; its own private key is added per service
        env.put("SERVICE_TRUST_FILE", serviceKeys(context).trustFile().toString());
        env.put("SERVICE_BIND", BIND_ADDRESS);
        env.put("PLATFORM_TCC_PHASE_TWO_RETRY_WINDOW", PHASE_TWO_RETRY_WINDOW.toString());
        env.put("PLATFORM_EXTERNAL_CHECKOUT_PAYMENT_WINDOW", PAYMENT_WINDOW.toString());
        env.putAll(STRAGGLERS);
        env.putAll(OVERDUE_PROVIDER_REPORTS);
        env.putAll(FLASH_SALE_RECOVERY);
        // a stock-cache message that keeps failing is dead-lettered after 10 s + 30 s instead of ~7 min, so it can be watched
        env.put("PLATFORM_STOCK_CACHE_MAX_REDELIVERIES", Integer.toString(STOCK_CACHE_MAX_REDELIVERIES));
        // only payment-svc uses these: where it opens payments, and the secret the provider's callbacks are signed with
        env.put("PAYMENT_PROVIDER_URL", provider.url());
        env.put("PAYMENT_PROVIDER_SECRET", context.run().paymentProviderSecret());
        return env;
    }

    /**
     * Where spans go, and how many requests are traced: every one on a stack for people and tests (a newcomer finds
     * the trace of any checkout they place), none on a benchmarked stack (its numbers stay comparable with runs made
     * before tracing existed). {@code TRACING_SAMPLING_PROBABILITY} in the launcher's environment wins.
     */
    Map<String, String> tracingEnvironment(StackContext context) {
        String probability = System.getenv().getOrDefault("TRACING_SAMPLING_PROBABILITY", context.settings().bench() ? "0.0" : "1.0");
        return Map.of("ZIPKIN_ENDPOINT", zipkin.spansEndpoint(), "TRACING_SAMPLING_PROBABILITY", probability);
    }

    /** Each service's signing key and the trust set of all of them (generated into the run directory by the first up). */
    RunDirectory.ServiceKeys serviceKeys(StackContext context) {
        return context.run().serviceKeys(List.copyOf(SERVICES.keySet()));
    }

    /** Base URL of the first instance of each service, of the payment provider simulator and of the gateway. */
    public Map<String, String> publicUrls() {
        Map<String, String> urls = new HashMap<>();
        SERVICES.forEach((service, port) -> urls.put(service, "http://127.0.0.1:" + port));
        urls.put(PaymentProviderServer.NAME, "http://127.0.0.1:" + PaymentProviderServer.PORT);
        urls.put(GatewayServer.NAME, "http://127.0.0.1:" + GatewayServer.PORT);
        urls.put(ZipkinServer.NAME, zipkin.url());
        return urls;
    }

    /** Build outputs the stack needs that do not exist yet (./stack builds when this is not empty). */
    public List<String> missingArtifacts() {
        Path root = context.repository();
        List<Path> needed = new ArrayList<>();
        SERVICES.keySet().forEach(service -> needed.add(root.resolve(service).resolve("target").resolve(service + ".jar")));
        needed.add(GatewayServer.jar(context));
        for (String server : List.of("mariadb", "mongo", "redis", "nacos", "seata", "rocketmq-namesrv", "rocketmq-broker",
                PaymentProviderServer.MODULE)) {
            needed.add(context.serverLib(server));
        }
        needed.add(root.resolve("infra/servers/mariadb/target/server-mariadb.jar"));
        needed.add(root.resolve("infra/servers/mongo/target/server-mongo.jar"));
        needed.add(root.resolve("infra/servers/nacos/target/server-nacos.jar"));
        needed.add(PaymentProviderServer.jar(context));
        needed.add(root.resolve("benchmarks/target/benchmarks.jar"));
        return needed.stream().filter(path -> !Files.exists(path)).map(path -> root.relativize(path).toString()).toList();
    }
}
