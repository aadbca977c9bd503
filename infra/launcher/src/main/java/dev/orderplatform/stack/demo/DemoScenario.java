package dev.orderplatform.stack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.stack.core.Console;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code ./stack demo}: seeds two SKUs, two wallets and points through the admin API, places a successful
 * order, one rejected for stock, one for funds, one for points, and an idempotent replay, prints balances
 * before and after from the public API, and checks every outcome. Each run uses fresh ids, so it can be
 * run again on the same stack.
 */
public final class DemoScenario {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> urls;
    private final String adminToken;
    private final String run = Long.toString(System.currentTimeMillis() / 1000, 36);
    private final List<String> failures = new ArrayList<>();

    /** @param urls base URLs by service: order-svc, inventory-svc, payment-svc, points-svc */
    public DemoScenario(Map<String, String> urls, String adminToken) {
        this.urls = urls;
        this.adminToken = adminToken;
    }

    private record Answer(int status, JsonNode body, boolean replayed) {
    }

    public boolean run() throws IOException, InterruptedException {
        String mug = "DEMO-" + run + "-MUG";
        String lamp = "DEMO-" + run + "-LAMP";
        String alice = "alice-" + run;
        String bob = "bob-" + run;

        Console.line("");
        Console.line("== Seeding (admin API): SKUs %s (12.50, 10 in stock) and %s (49.99, 1 in stock); wallets and points", mug, lamp);
        expect("restock " + mug, put("inventory-svc", "/api/inventory/" + mug, Map.of("priceCents", 1250, "available", 10)), 201);
        expect("restock " + lamp, put("inventory-svc", "/api/inventory/" + lamp, Map.of("priceCents", 4999, "available", 1)), 201);
        expect("top up " + alice, adminPost("payment-svc", "/api/wallets/" + alice + "/top-ups", Map.of("amountCents", 20000)), 201);
        expect("top up " + bob, adminPost("payment-svc", "/api/wallets/" + bob + "/top-ups", Map.of("amountCents", 1000)), 201);
        expect("grant points " + alice, adminPost("points-svc", "/api/points/" + alice + "/grants",
                Map.of("points", 500, "reason", "demo welcome bonus")), 201);

        Console.line("");
        Console.line("== Balances before");
        printBalances(List.of(alice, bob), List.of(mug, lamp));

        Console.line("");
        Console.line("== Orders (payment WALLET: one Seata TCC transaction across inventory, payment and points)");
        String aliceKey = "demo-" + UUID.randomUUID();
        Map<String, Object> aliceOrder = order(alice, mug, 2, 300);
        Answer paid = placeOrder(aliceKey, aliceOrder);
        report("1. alice buys 2 mugs, redeems 300 points", paid, "PAID", null);
        check("the paid order costs 2500, redeems 300, pays 2200 and earns 22 points",
                paid.body().path("amountCents").asLong() == 2500 && paid.body().path("pointsRedeemed").asLong() == 300
                        && paid.body().path("amountPaidCents").asLong() == 2200 && paid.body().path("pointsEarned").asLong() == 22);

        report("2. alice buys 2 lamps (1 in stock)", placeOrder("demo-" + UUID.randomUUID(), order(alice, lamp, 2, 0)),
                "REJECTED", "INSUFFICIENT_STOCK");
        report("3. bob buys a lamp with 10.00 in his wallet", placeOrder("demo-" + UUID.randomUUID(), order(bob, lamp, 1, 0)),
                "REJECTED", "INSUFFICIENT_FUNDS");
        report("4. bob buys a mug redeeming 500 points he lacks", placeOrder("demo-" + UUID.randomUUID(), order(bob, mug, 1, 500)),
                "REJECTED", "INSUFFICIENT_POINTS");

        Answer replay = placeOrder(aliceKey, aliceOrder);
        Console.line("  %-52s -> %d %s, Idempotent-Replayed: %s", "5. order 1 sent again with the same Idempotency-Key",
                replay.status(), replay.body().path("orderId").asText(), replay.replayed());
        check("the replay answers the first answer (same status and order) and says it is a replay",
                replay.status() == paid.status() && replay.replayed()
                        && Objects.equals(replay.body(), paid.body()));

        Console.line("");
        Console.line("== Balances after");
        printBalances(List.of(alice, bob), List.of(mug, lamp));
        JsonNode aliceWallet = get("payment-svc", "/api/wallets/" + alice).body();
        JsonNode bobWallet = get("payment-svc", "/api/wallets/" + bob).body();
        JsonNode alicePoints = get("points-svc", "/api/points/" + alice).body();
        JsonNode mugStock = get("inventory-svc", "/api/inventory/" + mug).body();
        JsonNode lampStock = get("inventory-svc", "/api/inventory/" + lamp).body();
        check("alice paid 22.00 exactly once: balance 178.00, nothing frozen",
                aliceWallet.path("balanceCents").asLong() == 17800 && aliceWallet.path("frozenCents").asLong() == 0);
        check("bob's rejected orders cost nothing: balance 10.00, nothing frozen",
                bobWallet.path("balanceCents").asLong() == 1000 && bobWallet.path("frozenCents").asLong() == 0);
        check("alice's points: 500 - 300 redeemed + 22 earned = 222, nothing frozen",
                alicePoints.path("balance").asLong() == 222 && alicePoints.path("frozen").asLong() == 0);
        check("stock: 8 mugs and 1 lamp left, nothing reserved",
                mugStock.path("available").asLong() == 8 && mugStock.path("reserved").asLong() == 0
                        && lampStock.path("available").asLong() == 1 && lampStock.path("reserved").asLong() == 0);

        Console.line("");
        if (failures.isEmpty()) {
            Console.line("Demo passed: every outcome is as expected.");
            return true;
        }
        Console.line("Demo FAILED:");
        failures.forEach(failure -> Console.line("  - %s", failure));
        return false;
    }

    private static Map<String, Object> order(String user, String sku, int quantity, int redeemPoints) {
        return Map.of("userId", user, "items", List.of(Map.of("sku", sku, "quantity", quantity)),
                "redeemPoints", redeemPoints, "payment", "WALLET");
    }

    private void report(String label, Answer answer, String status, String reason) {
        JsonNode body = answer.body();
        String outcome = body.path("status").asText() + (body.hasNonNull("reason") ? " " + body.path("reason").asText() : "");
        Console.line("  %-52s -> %d %-28s %s", label, answer.status(), outcome, body.path("orderId").asText());
        check(label + " ends " + status + (reason == null ? "" : " " + reason),
                answer.status() == 201 && status.equals(body.path("status").asText())
                        && (reason == null ? !body.hasNonNull("reason") : reason.equals(body.path("reason").asText())));
    }

    private void printBalances(List<String> users, List<String> skus) throws IOException, InterruptedException {
        for (String user : users) {
            JsonNode wallet = get("payment-svc", "/api/wallets/" + user).body();
            Answer points = get("points-svc", "/api/points/" + user);
            Console.line("  %-18s wallet %9.2f (frozen %.2f)   points %5d (frozen %d)", user,
                    wallet.path("balanceCents").asLong() / 100.0, wallet.path("frozenCents").asLong() / 100.0,
                    points.status() == 200 ? points.body().path("balance").asLong() : 0,
                    points.status() == 200 ? points.body().path("frozen").asLong() : 0);
        }
        for (String sku : skus) {
            JsonNode stock = get("inventory-svc", "/api/inventory/" + sku).body();
            Console.line("  %-18s available %3d, reserved %d", sku, stock.path("available").asLong(), stock.path("reserved").asLong());
        }
    }

    private void check(String what, boolean ok) {
        if (!ok) {
            failures.add(what);
        }
        Console.line("     %s %s", ok ? "ok  " : "FAIL", what);
    }

    private void expect(String what, Answer answer, int status) {
        if (answer.status() != status) {
            failures.add(what + ": expected " + status + ", got " + answer.status() + " " + answer.body());
            Console.line("     FAIL %s: %d %s", what, answer.status(), answer.body());
        }
    }

    private Answer placeOrder(String idempotencyKey, Map<String, Object> body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("order-svc", "/api/orders"))
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private Answer adminPost(String service, String path, Map<String, Object> body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(service, path))
                .header("Authorization", "Bearer " + adminToken)
                .header("Idempotency-Key", "demo-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private Answer put(String service, String path, Map<String, Object> body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(service, path))
                .header("Authorization", "Bearer " + adminToken)
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private Answer get(String service, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(service, path)).GET());
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        boolean replayed = response.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
        return new Answer(response.statusCode(), body, replayed);
    }

    private URI uri(String service, String path) {
        return URI.create(urls.get(service) + path);
    }
}
