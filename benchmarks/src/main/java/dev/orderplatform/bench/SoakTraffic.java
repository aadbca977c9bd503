package dev.orderplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak run's mixed traffic, through the gateway as outside callers send it: wallet checkouts, and external
 * checkouts whose payment the provider simulator is scripted to settle with duplicated callbacks, with callbacks in
 * reverse order (a late FAILED after the SUCCEEDED), never (the order expires), or after the order expired (the money
 * is refunded); and, from time to time, an operator's dry run and a reconciliation. Every answer is counted by kind.
 */
final class SoakTraffic {

    /** What one arrival does, and how often (weights out of 100). */
    enum Kind {
        WALLET(60),
        EXTERNAL_DUPLICATED_CALLBACKS(15),
        EXTERNAL_REORDERED_CALLBACKS(10),
        EXTERNAL_NEVER_PAID(10),
        EXTERNAL_PAID_AFTER_EXPIRY(5);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }

        static Kind pick() {
            int roll = ThreadLocalRandom.current().nextInt(100);
            for (Kind kind : values()) {
                roll -= kind.weight;
                if (roll < 0) {
                    return kind;
                }
            }
            return WALLET;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final StackTargets stack;
    private final String viewerToken;
    private final List<String> users;
    private final List<String> skus;
    private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();

    SoakTraffic(StackTargets stack, String viewerToken, List<String> users, List<String> skus) {
        this.stack = stack;
        this.viewerToken = viewerToken;
        this.users = users;
        this.skus = skus;
    }

    /** One arrival of a random kind. */
    void arrive() {
        Kind kind = Kind.pick();
        String answer;
        try {
            answer = kind == Kind.WALLET ? walletCheckout() : externalCheckout(kind);
        } catch (IOException e) {
            answer = "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = "interrupted";
        }
        answers.computeIfAbsent(kind + " " + answer, k -> new AtomicLong()).incrementAndGet();
    }

    /** An operator's dry run over the stragglers, and a reconciliation pass (viewer token, through the gateway). */
    void operatorRound() {
        try {
            count("operator dry run", post("/admin/compensation-runs", Map.of("dryRun", true, "olderThan", "PT1M", "limit", 20), viewerToken));
            count("operator reconciliation", post("/admin/reconciliations", Map.of(), viewerToken));
        } catch (IOException e) {
            count("operator", "unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers so far, by kind and outcome ("WALLET 201 PAID", "EXTERNAL_NEVER_PAID 202", …). */
    Map<String, Long> answers() {
        Map<String, Long> copy = new TreeMap<>();
        answers.forEach((key, count) -> copy.put(key, count.get()));
        return copy;
    }

    private String walletCheckout() throws IOException, InterruptedException {
        HttpResponse<String> response = post("/api/orders", order("WALLET"), null);
        JsonNode body = JSON.readTree(response.body());
        return response.statusCode() + (response.statusCode() == 201 ? " " + body.path("status").asText() : "");
    }

    private String externalCheckout(Kind kind) throws IOException, InterruptedException {
        HttpResponse<String> response = post("/api/orders", order("EXTERNAL"), null);
        if (response.statusCode() != 202) {
            return Integer.toString(response.statusCode());
        }
        String paymentId = JSON.readTree(response.body()).path("paymentId").asText();
        Map<String, Object> script = switch (kind) {
            case EXTERNAL_DUPLICATED_CALLBACKS -> Map.of("events", List.of(Map.of("status", "SUCCEEDED", "copies", 3)));
            case EXTERNAL_REORDERED_CALLBACKS -> Map.of("events", List.of(Map.of("status", "FAILED"), Map.of("status", "SUCCEEDED")),
                    "delivery", "REVERSED");
            case EXTERNAL_PAID_AFTER_EXPIRY -> Map.of("events", List.of(Map.of("status", "SUCCEEDED")), "afterExpiry", true);
            default -> Map.of("events", List.of());
        };
        HttpRequest scripted = HttpRequest.newBuilder(URI.create(provider() + "/control/payments/" + paymentId + "/script"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(script))).build();
        int scriptStatus = http.send(scripted, HttpResponse.BodyHandlers.discarding()).statusCode();
        return "202" + (scriptStatus == 202 ? "" : " script " + scriptStatus);
    }

    private Map<String, Object> order(String payment) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Map.of("userId", users.get(random.nextInt(users.size())),
                "items", List.of(Map.of("sku", skus.get(random.nextInt(skus.size())), "quantity", 1)),
                "redeemPoints", random.nextInt(4) == 0 ? 5 : 0, "payment", payment);
    }

    private HttpResponse<String> post(String path, Object body, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.edge() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void count(String what, HttpResponse<String> response) {
        count(what, Integer.toString(response.statusCode()));
    }

    private void count(String what, String outcome) {
        answers.computeIfAbsent(what + " " + outcome, k -> new AtomicLong()).incrementAndGet();
    }

    private String provider() {
        return stack.serviceUrls().get(StackTargets.PAYMENT_PROVIDER).get(0);
    }
}
