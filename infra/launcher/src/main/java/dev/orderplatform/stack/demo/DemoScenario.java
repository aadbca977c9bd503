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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./stack demo}: seeds two SKUs, two wallets and points through the admin API, places a successful
 * order, one rejected for stock, one for funds, one for points, and an idempotent replay, prints balances
 * before and after from the public API; then three external (saga) orders at the payment provider simulator —
 * paid by callback, expired, and paid after expiry (refunded) — watched on their event streams. Checks every
 * outcome. Each run uses fresh ids, so it can be
 * run again on the same stack.
 */
public final class DemoScenario {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> urls;
    private final String adminToken;
    private final String run = Long.toString(System.currentTimeMillis() / 1000, 36);
    private final List<String> failures = new ArrayList<>();

    /** @param urls base URLs by name: gateway (every service's public API) and payment-provider (its control API) */
    public DemoScenario(Map<String, String> urls, String adminToken) {
        this.urls = urls;
        this.adminToken = adminToken;
    }

    /** An HTTP answer; {@code cacheStatus} is inventory's {@code Cache-Status} header (null elsewhere). */
    private record Answer(int status, JsonNode body, boolean replayed, String cacheStatus) {
    }

    public boolean run() throws IOException, InterruptedException {
        String mug = "DEMO-" + run + "-MUG";
        String lamp = "DEMO-" + run + "-LAMP";
        String alice = "alice-" + run;
        String bob = "bob-" + run;

        Console.line("");
        Console.line("Every call below goes through the gateway, %s, as a client's would.", urls.get("gateway"));
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
        // the client starts the trace (W3C traceparent, sampled), so the demo knows where to find it in Zipkin
        String traceId = UUID.randomUUID().toString().replace("-", "");
        Answer paid = send(HttpRequest.newBuilder(uri("order-svc", "/api/orders"))
                .header("Idempotency-Key", aliceKey)
                .header("traceparent", "00-" + traceId + "-" + traceId.substring(0, 16) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(aliceOrder))));
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
        checkWalletOrders(alice, bob, mug, lamp);

        externalCheckout(mug);
        flashSale();
        traceOf(paid.body().path("orderId").asText(), traceId);

        Console.line("");
        if (failures.isEmpty()) {
            Console.line("Demo passed: every outcome is as expected.");
            Console.line("");
            Console.line("Where to look next (until ./stack down):");
            Console.line("  order 1's trace, gateway to phase two   %s/zipkin/traces/%s", urls.get("zipkin"), traceId);
            Console.line("  the API, to read and try out            %s/api-docs", urls.get("gateway"));
            Console.line("  the operators' page                     %s/admin  (token: .run/operator-token)", urls.get("gateway"));
            return true;
        }
        Console.line("Demo FAILED:");
        failures.forEach(failure -> Console.line("  - %s", failure));
        return false;
    }

    private void checkWalletOrders(String alice, String bob, String mug, String lamp) throws IOException, InterruptedException {
        JsonNode aliceWallet = get("payment-svc", "/api/wallets/" + alice).body();
        JsonNode bobWallet = get("payment-svc", "/api/wallets/" + bob).body();
        JsonNode alicePoints = get("points-svc", "/api/points/" + alice).body();
        JsonNode mugStock = cachedStock(mug, 8);
        JsonNode lampStock = cachedStock(lamp, 1);
        check("alice paid 22.00 exactly once: balance 178.00, nothing frozen",
                aliceWallet.path("balanceCents").asLong() == 17800 && aliceWallet.path("frozenCents").asLong() == 0);
        check("bob's rejected orders cost nothing: balance 10.00, nothing frozen",
                bobWallet.path("balanceCents").asLong() == 1000 && bobWallet.path("frozenCents").asLong() == 0);
        check("alice's points: 500 - 300 redeemed + 22 earned = 222, nothing frozen",
                alicePoints.path("balance").asLong() == 222 && alicePoints.path("frozen").asLong() == 0);
        check("stock: 8 mugs and 1 lamp left, nothing reserved",
                mugStock.path("available").asLong() == 8 && mugStock.path("reserved").asLong() == 0
                        && lampStock.path("available").asLong() == 1 && lampStock.path("reserved").asLong() == 0);
    }

    /**
     * Payment EXTERNAL: three orders paid (or not) at the payment provider simulator, each watched live on its
     * event stream until it ends — one paid by a signed callback, one never paid (expires when the stack's 20-s
     * window passes), one whose success arrives after it expired (refunded automatically, once).
     */
    private void externalCheckout(String mug) throws IOException, InterruptedException {
        String carol = "carol-" + run;
        expect("grant points " + carol, adminPost("points-svc", "/api/points/" + carol + "/grants",
                Map.of("points", 100, "reason", "demo welcome bonus")), 201);
        Console.line("");
        Console.line("== Orders (payment EXTERNAL: a Seata saga holds stock and points and opens a payment; the provider calls back)");
        Answer paid = placeOrder("demo-" + UUID.randomUUID(), externalOrder(carol, mug, 1, 100));
        Answer unpaid = placeOrder("demo-" + UUID.randomUUID(), externalOrder(carol, mug, 1, 0));
        Answer late = placeOrder("demo-" + UUID.randomUUID(), externalOrder(carol, mug, 1, 0));
        for (Answer pending : List.of(paid, unpaid, late)) {
            check("an external order is accepted: 202 PENDING_PAYMENT with a paymentId and payBefore " + pending.body().path("orderId").asText(),
                    pending.status() == 202 && "PENDING_PAYMENT".equals(pending.body().path("status").asText())
                            && pending.body().hasNonNull("paymentId") && pending.body().hasNonNull("payBefore"));
        }
        script(paid, Map.of("events", List.of(Map.of("status", "SUCCEEDED", "copies", 3))));
        script(unpaid, Map.of("events", List.of()));
        script(late, Map.of("events", List.of(Map.of("status", "SUCCEEDED")), "afterExpiry", true));
        Console.line("  provider scripted: %s succeeds (callback sent 3 times), %s is never paid, %s is paid just after it expired",
                paid.body().path("orderId").asText(), unpaid.body().path("orderId").asText(), late.body().path("orderId").asText());

        watch("6. carol buys a mug, 100 points off, and pays", paid, "PAID");
        watch("7. carol buys a mug and never pays", unpaid, "EXPIRED");
        watch("8. carol buys a mug and pays after payBefore", late, "EXPIRED");
        String refunded = awaitPaymentStatus(late.body().path("paymentId").asText(), "REFUNDED");
        Console.line("  %-52s -> payment %s", "   ... its late payment", refunded);
        check("the payment that succeeded after expiry is refunded, once",
                "REFUNDED".equals(refunded) && get("payment-provider", "/control/payments/" + late.body().path("paymentId").asText())
                        .body().path("refunds").size() == 1);
        JsonNode points = get("points-svc", "/api/points/" + carol).body();
        JsonNode stock = cachedStock(mug, 7);
        check("carol redeemed 100 points and earned 11 (for 11.50 paid): balance 11, nothing frozen",
                points.path("balance").asLong() == 11 && points.path("frozen").asLong() == 0);
        check("stock: one more mug sold (7 left), the expired orders' mugs back on the shelf, nothing reserved",
                stock.path("available").asLong() == 7 && stock.path("reserved").asLong() == 0);
    }

    /**
     * A small flash sale: 2 consoles for 5 buyers. The first two are admitted (queued) and the rest told sold-out at
     * once; dave's order is refused (his wallet is nearly empty), so his unit goes back to the sale and the next buyer
     * gets it — one of the last three if it came back while they asked, else frank, who tries again.
     */
    private void flashSale() throws IOException, InterruptedException {
        String console = "DEMO-" + run + "-CONSOLE";
        List<String> buyers = List.of("dave-" + run, "erin-" + run, "frank-" + run, "gina-" + run, "hank-" + run);
        Console.line("");
        Console.line("== Flash sale: 2 consoles at 299.00 (list price 499.00), one per buyer; dave has 1.00 in his wallet");
        expect("restock " + console, put("inventory-svc", "/api/inventory/" + console, Map.of("priceCents", 49900, "available", 5)), 201);
        for (String buyer : buyers) {
            long cents = buyer.startsWith("dave") ? 100 : 100_000;
            expect("top up " + buyer, adminPost("payment-svc", "/api/wallets/" + buyer + "/top-ups", Map.of("amountCents", cents)), 201);
        }
        Instant now = Instant.now();
        Answer sale = adminPost("order-svc", "/admin/flash-sales", Map.of("sku", console, "units", 2, "priceCents", 29900,
                "startsAt", now.minusSeconds(1).toString(), "endsAt", now.plus(Duration.ofMinutes(10)).toString(), "perUserLimit", 1));
        expect("create the flash sale", sale, 201);
        String saleId = sale.body().path("saleId").asText();
        Console.line("  sale %s: %d units set aside from %s's stock, %s", saleId, sale.body().path("units").asLong(), console,
                sale.body().path("status").asText());

        Map<String, Answer> admitted = new LinkedHashMap<>();
        for (String buyer : buyers) {
            long sent = System.nanoTime();
            Answer answer = buy(saleId, buyer);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
            Console.line("  %-52s -> %d %-12s %s (%d ms)", buyer + " buys one", answer.status(),
                    answer.status() == 202 ? answer.body().path("status").asText() + " #" + answer.body().path("position").asText()
                            : answer.body().path("type").asText(), answer.body().path("purchaseId").asText(""), millis);
            if (answer.status() == 202) {
                admitted.put(buyer, answer);
            }
        }
        // dave's order may already have failed and given his unit back while the last three asked: then one of them
        // has it, and nobody else
        List<String> late = buyers.subList(2, buyers.size()).stream().filter(admitted::containsKey).toList();
        check("dave and erin are queued; the others are told sold-out at once (but for one who got a unit given back)",
                admitted.containsKey(buyers.get(0)) && admitted.containsKey(buyers.get(1)) && late.size() <= 1);
        String dave = followPurchase(saleId, admitted.get(buyers.get(0)), "dave's purchase");
        check("dave's purchase FAILED: his wallet could not pay", dave.equals("FAILED INSUFFICIENT_FUNDS"));
        String erin = followPurchase(saleId, admitted.get(buyers.get(1)), "erin's purchase");
        check("erin's purchase PAID", erin.equals("PAID"));

        String nextBuyer;
        Answer next;
        if (late.isEmpty()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (get("order-svc", "/api/flash-sales/" + saleId).body().path("unitsLeft").asLong() == 0
                    && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
            nextBuyer = buyers.get(2);
            next = buy(saleId, nextBuyer);
            Console.line("  %-52s -> %d %s", "frank tries again: dave's unit is back in the sale", next.status(),
                    next.body().path("status").asText(next.body().path("type").asText()));
        } else {
            nextBuyer = late.get(0);
            next = admitted.get(nextBuyer);
        }
        check(nextBuyer + " gets dave's unit and pays", next.status() == 202
                && followPurchase(saleId, next, nextBuyer.replaceAll("-.*", "") + "'s purchase").equals("PAID"));
        JsonNode after = get("order-svc", "/api/flash-sales/" + saleId).body();
        JsonNode stock = cachedStock(console, 3);
        check("the sale has no units left, 2 consoles sold to 2 buyers (erin and " + nextBuyer.replaceAll("-.*", "")
                        + "), 3 left in ordinary stock, nothing reserved",
                after.path("unitsLeft").asLong() == 0 && stock.path("available").asLong() == 3
                        && stock.path("reserved").asLong() == 0);
    }

    private Answer buy(String saleId, String buyer) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri("order-svc", "/api/flash-sales/" + saleId + "/purchases"))
                .header("Idempotency-Key", "demo-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("userId", buyer, "quantity", 1, "payment", "WALLET")))));
    }

    /** Reads the purchase's event stream until it ends, printing each version; answers "PAID" or "FAILED reason". */
    private String followPurchase(String saleId, Answer admitted, String label) throws IOException, InterruptedException {
        String path = "/api/flash-sales/" + saleId + "/purchases/" + admitted.body().path("purchaseId").asText() + "/events";
        HttpResponse<java.util.stream.Stream<String>> stream = http.send(HttpRequest.newBuilder(uri("order-svc", path))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofLines());
        List<String> statuses = new ArrayList<>();
        JsonNode last = JSON.nullNode();
        for (String line : (Iterable<String>) stream.body()::iterator) {
            if (line.startsWith("data:")) {
                last = JSON.readTree(line.substring(5));
                statuses.add(last.path("status").asText() + (last.hasNonNull("reason") ? " " + last.path("reason").asText() : ""));
            }
        }
        Console.line("  %-52s -> %s", label, String.join(" -> ", statuses));
        return last.path("status").asText() + (last.hasNonNull("reason") ? " " + last.path("reason").asText() : "");
    }

    /** Reads the order's event stream (docs/api.md) until the server ends it, printing each version as it comes. */
    private void watch(String label, Answer placed, String expected) throws IOException, InterruptedException {
        String orderId = placed.body().path("orderId").asText();
        HttpResponse<java.util.stream.Stream<String>> stream = http.send(HttpRequest.newBuilder(uri("order-svc", "/api/orders/" + orderId + "/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofLines());
        List<String> statuses = new ArrayList<>();
        JsonNode last = JSON.nullNode();
        for (String line : (Iterable<String>) stream.body()::iterator) {
            if (line.startsWith("data:")) {
                last = JSON.readTree(line.substring(5));
                statuses.add(last.path("status").asText() + " v" + last.path("version").asText());
            }
        }
        Console.line("  %-52s -> %s", label, String.join(" -> ", statuses));
        check(label + " ends " + expected, expected.equals(last.path("status").asText()));
    }

    private void script(Answer pending, Map<String, Object> script) throws IOException, InterruptedException {
        expect("script payment " + pending.body().path("paymentId").asText(), send(HttpRequest.newBuilder(
                uri("payment-provider", "/control/payments/" + pending.body().path("paymentId").asText() + "/script"))
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(script)))), 202);
    }

    /**
     * The stock of {@code sku} as readers get it — from the Redis cache, which the stock-change messages update a few
     * milliseconds after each commit — once it shows {@code available} and nothing reserved, or after ten seconds.
     */
    private JsonNode cachedStock(String sku, long available) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Answer stock = get("inventory-svc", "/api/inventory/" + sku);
        while (!(stock.body().path("available").asLong() == available && stock.body().path("reserved").asLong() == 0)
                && System.nanoTime() < deadline) {
            // a pause without a sleeping thread: the next read is scheduled a tenth of a second later
            stock = CompletableFuture.supplyAsync(() -> stockOrNull(sku), CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS))
                    .join();
        }
        Console.line("  %-52s -> %s, version %d", "   stock of " + sku + " from the cache", stock.cacheStatus(),
                stock.body().path("version").asLong());
        return stock.body();
    }

    private Answer stockOrNull(String sku) {
        try {
            return get("inventory-svc", "/api/inventory/" + sku);
        } catch (IOException e) {
            return new Answer(503, JSON.nullNode(), false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(503, JSON.nullNode(), false, null);
        }
    }

    /** The payment's status once it is {@code wanted}, or whatever it is after a minute. */
    private String awaitPaymentStatus(String paymentId, String wanted) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        String status = get("payment-svc", "/api/payments/" + paymentId).body().path("status").asText();
        while (!wanted.equals(status) && System.nanoTime() < deadline) {
            // a pause without a sleeping thread: the next read is scheduled half a second later
            status = CompletableFuture.supplyAsync(() -> paymentStatus(paymentId),
                    CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS)).join();
        }
        return status;
    }

    private String paymentStatus(String paymentId) {
        try {
            return get("payment-svc", "/api/payments/" + paymentId).body().path("status").asText();
        } catch (IOException e) {
            return "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static Map<String, Object> externalOrder(String user, String sku, int quantity, int redeemPoints) {
        return Map.of("userId", user, "items", List.of(Map.of("sku", sku, "quantity", quantity)),
                "redeemPoints", redeemPoints, "payment", "EXTERNAL");
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

    /** Order 1's trace in Zipkin: one trace from the gateway through the four services, the TC-driven Confirms included. */
    private void traceOf(String orderId, String traceId) throws IOException, InterruptedException {
        Console.line("");
        Console.line("== The trace of order 1 in Zipkin (spans are reported every second)");
        Set<String> services = new TreeSet<>();
        long confirms = 0;
        for (int attempt = 0; attempt < 20 && (services.size() < 5 || confirms < 3); attempt++) {
            HttpResponse<String> trace = http.send(HttpRequest.newBuilder(URI.create(urls.get("zipkin") + "/api/v2/trace/" + traceId))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (trace.statusCode() == 200) {
                JsonNode spans = JSON.readTree(trace.body());
                services.clear();
                spans.forEach(span -> services.add(span.at("/localEndpoint/serviceName").asText()));
                confirms = spans.findValuesAsText("name").stream().filter(name -> name.startsWith("tcc confirm")).count();
            }
            if (services.size() < 5 || confirms < 3) {
                Thread.sleep(500);
            }
        }
        Console.line("  %-52s -> %s, %d Confirms", "order " + orderId, String.join(", ", services), confirms);
        check("one trace across the gateway and the four services, with the three Confirms the TC drove",
                services.containsAll(Set.of("gateway", "order-svc", "inventory-svc", "payment-svc", "points-svc")) && confirms >= 3);
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
        return new Answer(response.statusCode(), body, replayed, response.headers().firstValue("Cache-Status").orElse(null));
    }

    /**
     * Every call to a service goes through the public edge, as a client's would; only the payment provider (simulator)
     * is called directly, to script what it reports.
     */
    private URI uri(String service, String path) {
        return URI.create(urls.get(service.equals("payment-provider") ? service : "gateway") + path);
    }
}
