package dev.orderplatform.stack.servers;

import dev.orderplatform.stack.core.ProcessSpec;
import dev.orderplatform.stack.core.Probes;
import dev.orderplatform.stack.core.StackContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The MongoDB-wire server (mongo-java-server with an H2 file), or the server MONGO_URI points at. */
final class MongoWireServer extends ServerProcess {

    static final String NAME = "mongo";
    static final int PORT = 27017;

    MongoWireServer(StackContext context) {
        super(NAME, PORT, Duration.ofSeconds(60), context.settings().mongoUri());
    }

    @Override
    String localUrl() {
        return "mongodb://127.0.0.1:" + PORT;
    }

    @Override
    public ProcessSpec prepare(StackContext context) {
        Path home = context.run().dir(NAME);
        Path module = context.repository().resolve("infra/servers/mongo/target");
        List<String> command = JavaCommand.withHeap(context, "128m")
                .option("-Xss512k", "-XX:MaxMetaspaceSize=96m")
                .classpath(List.of(module.resolve("server-mongo.jar"), module.resolve("lib")),
                        "dev.orderplatform.servers.mongo.MongoWireServer",
                        home.resolve("data").resolve("mongo.mv").toString(), Integer.toString(PORT), Servers.BIND_ADDRESS);
        return new ProcessSpec(command, Map.of(), home);
    }

    @Override
    public boolean ready(StackContext context) {
        return Probes.mongo(url());
    }
}
