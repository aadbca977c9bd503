package dev.orderplatform.stack.servers;

import dev.orderplatform.stack.core.ProcessSpec;
import dev.orderplatform.stack.core.Probes;
import dev.orderplatform.stack.core.StackContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Zipkin ({@code infra/servers/zipkin}, the server published on Maven Central as one executable jar): the services and
 * the gateway report their spans to it, and its page ({@code http://127.0.0.1:9411/zipkin/}) shows one checkout as one
 * trace. Spans are kept in memory, the newest {@value #MAX_SPANS}; only the HTTP collector is on. The services do not
 * wait for it: a reporter whose server is away drops spans, it never holds a request.
 */
final class ZipkinServer extends ServerProcess {

    static final String NAME = "zipkin";
    static final int PORT = 9411;
    static final String MODULE = "zipkin";
    static final int MAX_SPANS = 50_000;

    ZipkinServer() {
        super(NAME, PORT, Duration.ofSeconds(90), null);
    }

    @Override
    String localUrl() {
        return "http://127.0.0.1:" + PORT;
    }

    /** Where the services and the gateway send their spans (Zipkin's v2 JSON API). */
    String spansEndpoint() {
        return url() + "/api/v2/spans";
    }

    @Override
    public boolean heavyStart() {
        return true;
    }

    @Override
    public ProcessSpec prepare(StackContext context) throws IOException {
        Path home = context.run().dir(NAME);
        Path jar;
        try (Stream<Path> jars = Files.list(context.serverLib(MODULE))) {
            jar = jars.filter(file -> file.getFileName().toString().matches("zipkin-server-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no zipkin-server exec jar in " + context.serverLib(MODULE)));
        }
        List<String> command = JavaCommand.withHeap(context, "160m")
                .option("-Xss512k", "-XX:MaxMetaspaceSize=128m", "-XX:TieredStopAtLevel=1")
                .jar(jar, "--armeria.ports[0].ip=" + Servers.BIND_ADDRESS, "--armeria.ports[0].port=" + PORT,
                        "--armeria.ports[0].protocols[0]=http");
        Map<String, String> env = Map.of(
                "STORAGE_TYPE", "mem",
                "MEM_MAX_SPANS", Integer.toString(MAX_SPANS),
                "COLLECTOR_GRPC_ENABLED", "false",
                "COLLECTOR_SCRIBE_ENABLED", "false");
        return new ProcessSpec(command, env, home);
    }

    @Override
    public boolean ready(StackContext context) {
        return Probes.httpGet(url() + "/health") != null;
    }
}
