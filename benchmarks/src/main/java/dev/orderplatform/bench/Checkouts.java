package dev.orderplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The benchmark's client of the public HTTP API (docs/api.md), through the gateway as an outside caller: seeds its own
 * SKUs, wallets and points through the admin endpoints, then places wallet orders exactly as an outside caller does
 * (with an Idempotency-Key), the flow chosen by {@code X-Benchmark-Flow} — or external orders, which the payment
 * provider simulator is told to pay at once, followed on their event stream until PAID. A {@code direct} scenario
 * sends its orders to the order-svc instances in turn instead, to price the edge.
 */
final class Checkouts implements LoadDriver.OrderPlacer, AutoCloseable {

    /** Enough stock, money and points that no order of a run is refused for lack of them. */
    private static final long STOCK = 1_000_000_000L;
    private static final long MONEY = 100_000_000_000L;
    private static final long POINTS = 1_000_000_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final StackTargets stack;
    private final String adminToken;
    private final AtomicLong next = new AtomicLong();
    private List<String> skus = List.of();
    private List<String> users = List.of();

    Checkouts(StackTargets stack, String adminToken) {
        this.stack = stack;
        this.adminToken = adminToken;
    }

    /** The SKUs and users {@link #seed} created. */
    List<String> skus() {
        return skus;
    }

    List<String> users() {
        return users;
    }

    /** Creates {@code skuCount} SKUs and {@code userCount} users with wallets and points, named after {@code run}. */
    void seed(String run, int skuCount, int userCount) throws Exception {
        skus = IntStream.range(0, skuCount).mapToObj(i -> run + "-SKU" + i).toList();
        users = IntStream.range(0, userCount).mapToObj(i -> run + "-u" + i).toList();
        ExecutorService seeders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (String sku : skus) {
                long price = 100 + ThreadLocalRandom.current().nextLong(900);
                work.add(seeders.submit(() -> admin("PUT", stack.edge() + "/api/inventory/" + sku,
                        Map.of("priceCents", price, "available", STOCK))));
            }
            for (String user : users) {
                work.add(seeders.submit(() -> admin("POST", stack.edge() + "/api/wallets/" + user + "/top-ups",
                        Map.of("amountCents", MONEY))));
                work.add(seeders.submit(() -> admin("POST", stack.edge() + "/api/points/" + user + "/grants",
                        Map.of("points", POINTS, "reason", "benchmark"))));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            seeders.shutdown();
        }
        if (provider() != null) {
            admin("PUT", provider() + "/control/defaults", Map.of("events", List.of(Map.of("status", "SUCCEEDED"))));
        }
    }

    /** A new SKU with {@code units} available (the flash sale's). */
    void createSku(String sku, long units) throws IOException, InterruptedException {
        admin("PUT", stack.edge() + "/api/inventory/" + sku, Map.of("priceCents", 500, "available", units));
    }

    /**
     * One wallet order of one unit of {@code sku} for {@code user}, no points; answers what came back: "201 PAID",
     * "201 REJECTED INSUFFICIENT_STOCK", "429", or the status and problem type of anything else.
     */
    String buyOne(String sku, String user) {
        String url = stack.edge() + "/api/orders";
        String body = write(Map.of("userId", user, "items", List.of(Map.of("sku", sku, "quantity", 1)), "redeemPoints", 0,
                "payment", "WALLET"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() == 201) {
                return ("201 " + answer.path("status").asText() + " " + answer.path("reason").asText("")).trim();
            }
            return response.statusCode() == 429 ? "429" : response.statusCode() + " " + answer.path("type").asText("");
        } catch (IOException e) {
            return "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Units of {@code sku} gone from inventory once nothing of it is reserved any more (bounded wait): the SKU was
     * created with {@code units} and never restocked, so what is not available was sold.
     */
    long soldOnceSettled(String sku, long units, Duration atMost) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        JsonNode stock;
        do {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(stack.edge() + "/api/inventory/" + sku)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            stock = JSON.readTree(response.body());
            if (stock.path("reserved").asLong() == 0) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(500); // phase two of the last orders is still running
        } while (System.nanoTime() < deadline);
        return units - stock.path("available").asLong() - stock.path("reserved").asLong();
    }

    /** The provider gives new payments no script at all, so that each can be given its own (the soak run's). */
    void clearDefaultScript() throws IOException, InterruptedException {
        if (provider() != null) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(provider() + "/control/defaults"))
                    .timeout(Duration.ofSeconds(30)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("DELETE /control/defaults answered " + response.statusCode() + ": " + response.body());
            }
        }
    }

    /** The provider stops paying every new payment (the stack may serve tests or the demo next). */
    @Override
    public void close() throws IOException, InterruptedException {
        if (provider() != null) {
            admin("PUT", provider() + "/control/defaults", Map.of("events", List.of()));
        }
    }

    /** The order-svc instances in turn (direct scenarios only). */
    private String nextOrderService() {
        List<String> orderServices = stack.urls("order-svc");
        return orderServices.get((int) (next.getAndIncrement() % orderServices.size()));
    }

    private String provider() {
        List<String> urls = stack.serviceUrls().get(StackTargets.PAYMENT_PROVIDER);
        return urls == null ? null : urls.get(0);
    }

    /**
     * Places one order of one unit (of the first SKU when {@code scenario.hotSku()}, else of a random one) for a
     * random user, redeeming 5 points; true when it was answered 201 PAID.
     */
    @Override
    public boolean place(Scenario scenario) {
        if (scenario.equals(Scenario.EXTERNAL)) {
            return placeExternal();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String sku = scenario.hotSku() ? skus.get(0) : skus.get(random.nextInt(skus.size()));
        String user = users.get(random.nextInt(users.size()));
        String url = (scenario.direct() ? nextOrderService() : stack.edge()) + "/api/orders";
        String body = write(Map.of("userId", user, "items", List.of(Map.of("sku", sku, "quantity", 1)),
                "redeemPoints", 5, "payment", "WALLET"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("X-Benchmark-Flow", scenario.flow())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 201 && "PAID".equals(JSON.readTree(response.body()).path("status").asText());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** An external order of one unit, answered 202, then its event stream read until it ends; true if it ended PAID. */
    private boolean placeExternal() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String sku = skus.get(random.nextInt(skus.size()));
        String user = users.get(random.nextInt(users.size()));
        String orderService = stack.edge();
        String body = write(Map.of("userId", user, "items", List.of(Map.of("sku", sku, "quantity", 1)),
                "redeemPoints", 5, "payment", "EXTERNAL"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(orderService + "/api/orders")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> accepted = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (accepted.statusCode() != 202) {
                return false;
            }
            String orderId = JSON.readTree(accepted.body()).path("orderId").asText();
            HttpResponse<java.util.stream.Stream<String>> events = http.send(HttpRequest.newBuilder(
                            URI.create(orderService + "/api/orders/" + orderId + "/events")).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            String last = "";
            for (String line : (Iterable<String>) events.body()::iterator) {
                if (line.startsWith("data:")) {
                    last = line;
                }
            }
            return !last.isEmpty() && "PAID".equals(JSON.readTree(last.substring(5)).path("status").asText());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Void admin(String method, String url, Map<String, Object> body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminToken)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .method(method, HttpRequest.BodyPublishers.ofString(write(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return null;
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
