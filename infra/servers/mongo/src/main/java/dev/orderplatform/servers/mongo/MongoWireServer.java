package dev.orderplatform.servers.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.h2.mvstore.MVStore;

/**
 * The local MongoDB stand-in: mongo-java-server speaking the MongoDB wire protocol, storing its data in one
 * H2 MVStore file. On SIGTERM the store is closed cleanly; after a kill -9 it reopens, but writes acknowledged
 * in the last ~100 ms (the commit delay below) may be missing.
 *
 * <p>Usage: {@code java -cp … MongoWireServer FILE PORT [HOST]}
 */
public final class MongoWireServer {

    /** How often H2 writes unsaved changes to the file (its default is 1 s). */
    private static final int COMMIT_DELAY_MILLIS = 100;

    private MongoWireServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: MongoWireServer FILE PORT [HOST]");
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String host = args.length > 2 ? args[2] : "127.0.0.1";
        Files.createDirectories(file.getParent());

        MVStore store = new MVStore.Builder().fileName(file.toString()).cacheSize(8).autoCommitBufferSize(1024).open();
        store.setAutoCommitDelay(COMMIT_DELAY_MILLIS);
        MongoServer server = new MongoServer(new H2Backend(store));
        // one acceptor and two worker threads: plenty for a local stack on two cores
        server.bind(new InetSocketAddress(host, port), 1, 2);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdownNow(); // closes the clients, then the backend, which commits and closes the store
            stopped.countDown();
        }, "mongo-shutdown"));
        org.slf4j.LoggerFactory.getLogger(MongoWireServer.class)
                .info("listening on {}:{}, data in {}", host, port, file);
        stopped.await();
    }
}
