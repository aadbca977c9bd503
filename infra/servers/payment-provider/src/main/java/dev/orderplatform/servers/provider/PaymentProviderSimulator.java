package dev.orderplatform.servers.provider;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payment provider simulator: a stand-in for the external payment provider, run by {@code ./stack} as its own
 * process. payment-svc creates, cancels and refunds payments here ({@link ProviderApi}); the provider reports what
 * happened to a payment through signed callbacks to payment-svc ({@link CallbackDelivery}, signed per docs/api.md by
 * {@link CallbackSigner}); tests and the demo choose per payment what happens and how it is reported — succeed,
 * fail, delay, duplicates, reordering, no callback, a callback after expiry — through {@link ControlApi}.
 *
 * <p>All state is in memory: a real provider keeps its own books, and a stand-in that forgets them on restart is
 * enough for local runs and tests. Plain JDK HTTP server on a small fixed thread pool; no framework.
 *
 * <p>Usage: {@code PAYMENT_PROVIDER_SECRET=… PAYMENT_CALLBACK_URLS=http://…/api/payments/callback[,…]
 * java -cp … PaymentProviderSimulator [PORT [HOST]]} (default 8090, 127.0.0.1). {@code GET /health} answers
 * {@code {"status":"UP"}} once it listens.
 */
public final class PaymentProviderSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentProviderSimulator.class);
    private static final int HTTP_THREADS = 4;

    private final HttpServer server;
    private final ExecutorService httpThreads;
    private final CallbackDelivery delivery;

    private PaymentProviderSimulator(HttpServer server, ExecutorService httpThreads, CallbackDelivery delivery) {
        this.server = server;
        this.httpThreads = httpThreads;
        this.delivery = delivery;
    }

    /** Starts listening; {@link #close()} stops. */
    public static PaymentProviderSimulator start(SimulatorSettings settings) throws IOException {
        Clock clock = Clock.systemUTC();
        CallbackDelivery delivery = new CallbackDelivery(settings.callbackUrls(), new CallbackSigner(settings.secret()),
                settings.retry(), clock);
        PaymentBook book = new PaymentBook(delivery, clock);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 64);
        } catch (IOException e) {
            delivery.close();
            throw e;
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService httpThreads = Executors.newFixedThreadPool(HTTP_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "provider-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(httpThreads);
        server.createContext(ProviderApi.PATH, new ProviderApi(book, clock));
        server.createContext(ControlApi.PATH, new ControlApi(book));
        server.createContext("/health", exchange -> HttpJson.serve(exchange, e -> {
            if (!e.getRequestURI().getPath().equals("/health")) {
                throw HttpJson.noSuchResource(e);
            }
            HttpJson.requireMethod(e, "GET");
            HttpJson.send(e, 200, HttpJson.JSON.createObjectNode().put("status", "UP"));
        }));
        server.createContext("/", exchange -> HttpJson.serve(exchange, e -> {
            throw HttpJson.noSuchResource(e);
        }));
        server.start();
        PaymentProviderSimulator simulator = new PaymentProviderSimulator(server, httpThreads, delivery);
        LOG.info("listening on {}, callbacks to {}", simulator.baseUri(), settings.callbackUrls());
        return simulator;
    }

    /** The port it listens on (the chosen one when started on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** e.g. {@code http://127.0.0.1:8090} */
    public URI baseUri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        httpThreads.shutdownNow();
        delivery.close();
    }

    public static void main(String[] args) throws Exception {
        SimulatorSettings settings;
        try {
            settings = SimulatorSettings.from(args, System.getenv());
        } catch (IllegalArgumentException badSetup) {
            LOG.error("cannot start: {}", badSetup.getMessage());
            System.exit(2);
            return;
        }
        PaymentProviderSimulator simulator = start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "provider-shutdown"));
        stopped.await();
    }
}
