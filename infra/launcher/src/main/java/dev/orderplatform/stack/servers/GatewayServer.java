package dev.orderplatform.stack.servers;

import dev.orderplatform.stack.core.Component;
import dev.orderplatform.stack.core.ProcessSpec;
import dev.orderplatform.stack.core.Probes;
import dev.orderplatform.stack.core.StackContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The public edge ({@code gateway}, port 8080): Spring Cloud Gateway routing the public contract to the services by
 * their Nacos names. Started after every service instance, and ready when its health is UP — which its readiness group
 * reports only once its load balancer can reach an instance of each service — and Nacos lists it.
 */
final class GatewayServer implements Component {

    static final String NAME = "gateway";
    static final int PORT = 8080;
    /** Requests per second per client address on the unauthenticated routes when a stack is benchmarked: unlimited in effect. */
    static final int BENCH_EDGE_RATE = 1_000_000;

    private final Servers servers;

    GatewayServer(Servers servers) {
        this.servers = servers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int port() {
        return PORT;
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + PORT;
    }

    @Override
    public List<String> dependsOn() {
        List<String> names = new ArrayList<>(servers.serverNames());
        names.addAll(servers.serviceInstanceNames());
        return names;
    }

    @Override
    public boolean heavyStart() {
        return true;
    }

    @Override
    public Duration startBudget() {
        return Duration.ofSeconds(180);
    }

    static Path jar(StackContext context) {
        return context.repository().resolve(NAME).resolve("target").resolve(NAME + ".jar");
    }

    @Override
    public ProcessSpec prepare(StackContext context) throws IOException {
        Map<String, String> env = new HashMap<>();
        Map<String, String> clients = servers.clientEnvironment(context);
        for (String name : List.of("NACOS_ADDR", "NACOS_USERNAME", "NACOS_PASSWORD", "REDIS_URL", "ZIPKIN_ENDPOINT",
                "TRACING_SAMPLING_PROBABILITY")) {
            env.put(name, clients.get(name));
        }
        env.put("SERVER_PORT", Integer.toString(PORT));
        env.put("SERVICE_BIND", Servers.BIND_ADDRESS);
        int rate = context.settings().edgeRate();
        env.put("EDGE_RATE_PER_SECOND", Integer.toString(rate));
        env.put("EDGE_RATE_BURST", Integer.toString(rate >= BENCH_EDGE_RATE / 2 ? rate : 2 * rate));
        env.put("EDGE_ALLOW_BENCHMARK_HEADER", Boolean.toString(context.settings().bench()));
        JavaCommand java = JavaCommand.withHeap(context, "192m")
                .option("-XX:MaxMetaspaceSize=128m", "-Xss512k", "-XX:ReservedCodeCacheSize=48m", "-XX:MaxDirectMemorySize=64m");
        if (context.settings().quickStart()) {
            java.option("-XX:TieredStopAtLevel=1");
        }
        Path home = context.run().dir(NAME);
        return new ProcessSpec(java.jar(JavaCommand.pinnedCopy(jar(context), home)), env, home);
    }

    @Override
    public boolean ready(StackContext context) {
        String readiness = Probes.httpGet(url() + "/actuator/health/readiness");
        return readiness != null && readiness.contains("\"UP\"")
                && servers.nacos().hasInstance("DEFAULT_GROUP", NAME, PORT);
    }
}
