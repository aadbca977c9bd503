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
 * One instance of one of the four services, run from its built jar. Instance 1 uses the service's default
 * port and bare name ({@code order-svc}, 8081); instance n uses port + 100·(n−1) and name {@code order-svc-n}.
 * Ready when its health endpoint is UP and Nacos lists it.
 */
final class ServiceInstance implements Component {

    private final String service;
    private final int instance;
    private final int port;
    private final Servers servers;

    ServiceInstance(String service, int basePort, int instance, Servers servers) {
        this.service = service;
        this.instance = instance;
        this.port = basePort + 100 * (instance - 1);
        this.servers = servers;
    }

    @Override
    public String name() {
        return instance == 1 ? service : service + "-" + instance;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public List<String> dependsOn() {
        return servers.serverNames();
    }

    @Override
    public boolean heavyStart() {
        return true;
    }

    @Override
    public Duration startBudget() {
        return Duration.ofSeconds(240);
    }

    Path jar(StackContext context) {
        return context.repository().resolve(service).resolve("target").resolve(service + ".jar");
    }

    @Override
    public ProcessSpec prepare(StackContext context) throws IOException {
        Map<String, String> env = new HashMap<>(servers.clientEnvironment(context));
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("SERVICE_KEY_FILE", servers.serviceKeys(context).keyOf(service).toString());
        List<String> args = new ArrayList<>();
        if (context.settings().faultHooks()) {
            args.add("--platform.fault-hooks.enabled=true");
        }
        if (context.settings().bench()) {
            args.add("--platform.benchmark.enabled=true");
        }
        JavaCommand java = JavaCommand.withHeap(context, "256m")
                .option("-XX:MaxMetaspaceSize=192m", "-Xss512k", "-XX:ReservedCodeCacheSize=64m");
        if (context.settings().quickStart()) {
            java.option("-XX:TieredStopAtLevel=1");
        }
        Path home = context.run().dir(name());
        return new ProcessSpec(java.jar(JavaCommand.pinnedCopy(jar(context), home), args.toArray(String[]::new)), env, home);
    }

    @Override
    public boolean ready(StackContext context) {
        String health = Probes.httpGet(url() + "/actuator/health/readiness");
        return health != null && health.contains("\"UP\"")
                && servers.nacos().hasInstance("DEFAULT_GROUP", service, port);
    }
}
