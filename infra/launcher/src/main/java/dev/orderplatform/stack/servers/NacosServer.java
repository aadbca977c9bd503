package dev.orderplatform.stack.servers;

import dev.orderplatform.stack.core.ProcessSpec;
import dev.orderplatform.stack.core.Probes;
import dev.orderplatform.stack.core.StackContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Nacos, standalone (registry of every service and of the Seata TC); or the server NACOS_ADDR names. */
final class NacosServer extends ServerProcess {

    static final String NAME = "nacos";
    static final int PORT = 8848;

    private final String externalAddress;

    NacosServer(StackContext context) {
        super(NAME, PORT, Duration.ofSeconds(150),
                context.settings().nacosAddr() == null ? null : "http://" + context.settings().nacosAddr() + "/nacos");
        this.externalAddress = context.settings().nacosAddr();
    }

    @Override
    public int port() {
        return Integer.parseInt(address().substring(address().lastIndexOf(':') + 1));
    }

    /** HTTP 8848, client gRPC 9848 and cluster gRPC 9849 (port + 1000/1001), raft 7848 (port − 1000). */
    @Override
    public List<Integer> ports() {
        return List.of(PORT, PORT + 1000, PORT + 1001, PORT - 1000);
    }

    /** host:port, as Nacos clients take it. */
    String address() {
        return external() ? externalAddress : "127.0.0.1:" + PORT;
    }

    @Override
    String localUrl() {
        return "http://127.0.0.1:" + PORT + "/nacos";
    }

    @Override
    public ProcessSpec prepare(StackContext context) throws IOException {
        Path home = context.run().dir(NAME);
        Path tmp = home.resolve("tmp");
        deleteRecursively(tmp); // a kill -9 leaves RocksDB's 14 MB native library behind each time
        Files.createDirectories(tmp);
        Files.createDirectories(home.resolve("logs"));
        Path module = context.repository().resolve("infra/servers/nacos/target");
        List<String> command = JavaCommand.withHeap(context, "160m")
                // C1 only: halves the start-up CPU on two cores and saves ~40 MB; Nacos is not on the hot path
                .option("-XX:TieredStopAtLevel=1", "-XX:MaxMetaspaceSize=128m", "-Xss512k",
                        "-Dnacos.standalone=true", "-Dnacos.home=" + home,
                        "-Djava.io.tmpdir=" + tmp, "-Dderby.stream.error.file=" + home.resolve("logs/derby.log"))
                // this module's jar first: its application.properties must win over nacos-naming's;
                // lib-after last: sofa hessian must not shadow caucho hessian (see the module's pom)
                .classpath(List.of(module.resolve("server-nacos.jar"), module.resolve("lib"), module.resolve("lib-after")),
                        "dev.orderplatform.servers.nacos.NacosStandaloneServer");
        return new ProcessSpec(command, Map.of(), home);
    }

    /** Answers 200 only once naming is UP (503 while starting, refused before Tomcat listens). */
    @Override
    public boolean ready(StackContext context) {
        String body = Probes.httpGet(url() + "/v1/ns/operator/metrics");
        return body != null && body.contains("UP");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
