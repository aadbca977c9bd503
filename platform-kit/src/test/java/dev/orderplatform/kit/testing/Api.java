package dev.orderplatform.kit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.kit.security.ServiceTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * A client of the public HTTP API (docs/api.md), as an outside caller uses it: through the gateway, the one public entry.
 * The {@code ...At(instanceUrl, ...)} variants aim at one service instance's own port instead, for tests about that
 * instance (faults, contention spread over instances, a load of many clients that the edge's per-address limit would
 * rightly throttle if it came from one address).
 */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final RunningStack stack;

    public Api(RunningStack stack) {
        this.stack = stack;
    }

    /** An HTTP answer: status, headers and the body parsed as JSON (or a text node when it is not JSON). */
    public record Answer(int status, HttpResponse<String> raw, JsonNode body) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    public static Map<String, Object> walletOrder(String userId, List<Map<String, Object>> items, long redeemPoints) {
        return Map.of("userId", userId, "items", items, "redeemPoints", redeemPoints, "payment", "WALLET");
    }

    public static Map<String, Object> externalOrder(String userId, List<Map<String, Object>> items, long redeemPoints) {
        return Map.of("userId", userId, "items", items, "redeemPoints", redeemPoints, "payment", "EXTERNAL");
    }

    public static Map<String, Object> item(String sku, long quantity) {
        return Map.of("sku", sku, "quantity", quantity);
    }

    public Answer placeOrder(String idempotencyKey, Object body) {
        return placeOrderAt(stack.gateway(), idempotencyKey, body);
    }

    public Answer placeOrderAt(String orderServiceUrl, String idempotencyKey, Object body) {
        return send(request(orderServiceUrl + "/api/orders").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    /** Places an order with one of the benchmark's checkout flows (X-Benchmark-Flow; stack started with --bench). */
    public Answer placeOrderWithFlow(String flow, String idempotencyKey, Object body) {
        return send(request(stack.gateway() + "/api/orders").header("Idempotency-Key", idempotencyKey)
                .header("X-Benchmark-Flow", flow).POST(HttpRequest.BodyPublishers.ofString(write(body))));
    }

    /** POST with a raw body (for malformed input). */
    public Answer postRaw(String url, Map<String, String> headers, String body) {
        HttpRequest.Builder request = request(url);
        headers.forEach(request::header);
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Tells the payment provider (simulator) what to report for a payment: {@code events} (each
     * {@code {"status": "SUCCEEDED"|"FAILED", "copies": n}}), {@code delivery} IN_ORDER or REVERSED,
     * {@code afterExpiry}. See docs/launcher.md, "Payment provider simulator".
     */
    public Answer scriptPayment(String paymentId, Map<String, Object> script) {
        return send(request(stack.url("payment-provider") + "/control/payments/" + paymentId + "/script")
                .PUT(HttpRequest.BodyPublishers.ofString(write(script))));
    }

    /** What the provider (simulator) did for a payment: deliveries, refunds, cancellation. */
    public Answer providerView(String paymentId) {
        return get(stack.url("payment-provider") + "/control/payments/" + paymentId);
    }

    public Answer getOrder(String orderId) {
        return get(stack.gateway() + "/api/orders/" + orderId);
    }

    public Answer get(String url) {
        return send(request(url).GET());
    }

    public Answer restock(String sku, long priceCents, long available) {
        return restockAt(stack.gateway(), sku, priceCents, available);
    }

    /** {@code PUT /api/inventory/{sku}} on one particular inventory-svc instance (or the gateway). */
    public Answer restockAt(String inventoryServiceUrl, String sku, long priceCents, long available) {
        return send(admin(request(inventoryServiceUrl + "/api/inventory/" + sku))
                .PUT(HttpRequest.BodyPublishers.ofString(write(Map.of("priceCents", priceCents, "available", available)))));
    }

    /** {@code GET /api/inventory/{sku}} (served from the stock cache; see the Cache-Status header). */
    public Answer stock(String sku) {
        return get(stack.gateway() + "/api/inventory/" + sku);
    }

    /**
     * A counter of one service instance from its actuator ({@code /actuator/metrics/<name>?tag=<tag>}, no tag for
     * all series); 0 while the counter does not exist yet.
     */
    public double counter(String serviceUrl, String name, String tag) {
        Answer answer = send(admin(request(serviceUrl + "/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag))).GET());
        return answer.status() == 404 ? 0 : answer.body().path("measurements").path(0).path("value").asDouble();
    }

    /** {@link #counter} summed over every instance of {@code service}. */
    public double counterSum(String service, String name, String tag) {
        return stack.urls(service).stream().mapToDouble(url -> counter(url, name, tag)).sum();
    }

    public Answer topUp(String userId, long amountCents) {
        return send(admin(request(stack.gateway() + "/api/wallets/" + userId + "/top-ups"))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("amountCents", amountCents)))));
    }

    public Answer grantPoints(String userId, long points) {
        return send(admin(request(stack.gateway() + "/api/points/" + userId + "/grants"))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(write(Map.of("points", points, "reason", "test grant")))));
    }

    /** Makes the next {@code failures} passes through {@code point} fail, on every instance of {@code service}. */
    public void failNext(String service, String point, int failures) {
        armEverywhere(service, Map.of("point", point, "mode", "FAIL", "failures", failures));
    }

    /** Makes the next pass through {@code point} pause (until released), on every instance of {@code service}. */
    public void pauseNext(String service, String point) {
        armEverywhere(service, Map.of("point", point, "mode", "PAUSE"));
    }

    /** Releases a paused point on every instance of {@code service}. */
    public void release(String service, String point) {
        for (String url : stack.urls(service)) {
            send(admin(request(url + "/admin/fault-hooks/release")).POST(HttpRequest.BodyPublishers.ofString(write(Map.of("point", point)))));
        }
    }

    /** The instance of {@code service} that is paused at {@code point} right now, if any (its base URL). */
    public Optional<String> pausedAt(String service, String point) {
        return stack.urls(service).stream()
                .filter(url -> send(admin(request(url + "/admin/fault-hooks")).GET()).body().path("paused:" + point).asInt() > 0)
                .findFirst();
    }

    /** Waits (up to a minute) until some instance of {@code service} is paused at {@code point}; returns its base URL. */
    public String awaitPaused(String service, String point) {
        return awaitPaused(service, point, Duration.ofSeconds(60));
    }

    /** The same, waiting up to {@code atMost}. */
    public String awaitPaused(String service, String point, Duration atMost) {
        return Awaitility.await(service + " paused at " + point).atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> pausedAt(service, point), Optional::isPresent).orElseThrow();
    }

    /** How many armed failures at {@code point} have been used up, over every instance of {@code service}. */
    public int faultsTriggered(String service, String point, int armedPerInstance) {
        int triggered = 0;
        for (String url : stack.urls(service)) {
            JsonNode armed = send(admin(request(url + "/admin/fault-hooks")).GET()).body();
            triggered += armedPerInstance - armed.path(point).asInt(armedPerInstance);
        }
        return triggered;
    }

    public void clearFaults(String service) {
        for (String url : stack.urls(service)) {
            send(admin(request(url + "/admin/fault-hooks")).DELETE());
        }
    }

    private void armEverywhere(String service, Map<String, Object> arm) {
        for (String url : stack.urls(service)) {
            Answer answer = send(admin(request(url + "/admin/fault-hooks")).POST(HttpRequest.BodyPublishers.ofString(write(arm))));
            if (answer.status() != 201) {
                throw new IllegalStateException("arming a fault hook on " + url + " failed: " + answer);
            }
        }
    }

    public HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json");
    }

    /**
     * A request to an {@code /internal/**} endpoint of one service instance, with order-svc's service token: the caller
     * every participant trusts.
     */
    public HttpRequest.Builder internal(String instanceUrl, String path) {
        return request(instanceUrl + path).header(ServiceTokens.HEADER,
                "Bearer " + stack.serviceToken("order-svc", stack.serviceAt(instanceUrl)));
    }

    public HttpRequest.Builder admin(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + stack.adminToken());
    }

    /** An order-svc admin call ({@code path}, through the gateway) with the token of {@code role}. */
    public Answer adminCall(String role, String method, String path, Object body) {
        String token = "admin".equals(role) ? stack.adminToken() : stack.token(role);
        HttpRequest.Builder request = request(stack.gateway() + path).header("Authorization", "Bearer " + token);
        return send(body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.method(method, HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : write(body))));
    }

    public Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            } catch (IOException notJson) {
                body = JSON.getNodeFactory().textNode(response.body());
            }
            return new Answer(response.statusCode(), response, body);
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
