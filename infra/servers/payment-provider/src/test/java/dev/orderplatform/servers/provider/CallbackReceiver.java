package dev.orderplatform.servers.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The receiving end of callbacks in tests: a JDK HTTP server standing in for payment-svc's
 * {@code POST /api/payments/callback}. Records every request in arrival order; answers the statuses queued with
 * {@link #answer(int...)} one per request, then 200.
 */
final class CallbackReceiver implements AutoCloseable {

    static final String PATH = "/api/payments/callback";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One callback as it arrived. */
    record Received(String signature, String contentType, byte[] body, JsonNode json, Instant at, int answeredWith) {
        String eventId() {
            return json.path("eventId").asText();
        }

        String status() {
            return json.path("status").asText();
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();

    CallbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext(PATH, exchange -> {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Integer scripted = answers.poll();
                int status = scripted == null ? 200 : scripted;
                received.add(new Received(exchange.getRequestHeaders().getFirst("Payment-Signature"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body, parse(body), Instant.now(), status));
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** The next requests are answered with these statuses, in order; later ones with 200. */
    void answer(int... statuses) {
        for (int status : statuses) {
            answers.add(status);
        }
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> receivedFor(String paymentId) {
        return received.stream().filter(r -> r.json().path("paymentId").asText().equals(paymentId)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
