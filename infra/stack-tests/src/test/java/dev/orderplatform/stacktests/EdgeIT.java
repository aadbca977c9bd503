package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.externalOrder;
import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderplatform.kit.security.ServiceTokens;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.RawHttp;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The public edge (the gateway, port 8080) as clients, the payment provider and operators meet it: it routes the
 * public contract and nothing else, drops headers with internal meaning, bounds sizes, refuses paths a service could
 * read differently, and limits unauthenticated callers per address. Each test ends with the invariants.
 * (An instance killed while the gateway forwards a checkout: ProcessFaultIT.)
 */
class EdgeIT {

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private TestData data;
    private Invariants invariants;
    private String mug;
    private String ann;

    @BeforeEach
    void seed() {
        data = TestData.fresh("edge");
        invariants = new Invariants(stack, data.prefix());
        mug = data.sku("MUG");
        ann = data.user("ann");
        assertThat(api.restock(mug, 1000, 10).status()).isEqualTo(201);
        assertThat(api.topUp(ann, 10_000).status()).isEqualTo(201);
    }

    @Test
    void onlyThePublicContractIsRoutedEverythingElseIsNotFound() {
        String token = "Bearer " + stack.serviceToken("order-svc", "inventory-svc");
        List<String[]> unrouted = List.of(
                new String[] {"POST", "/internal/orders/payment-events"}, new String[] {"POST", "/internal/payments/refunds"},
                new String[] {"POST", "/internal/saga/stock-reservations"}, new String[] {"POST", "/internal/saga/point-freezes"},
                new String[] {"GET", "/internal/tcc/in-doubt"}, new String[] {"POST", "/internal/ledger/orders"},
                new String[] {"POST", "/internal/conformance/reserve-stock"}, new String[] {"GET", "/actuator/prometheus"},
                new String[] {"GET", "/actuator/metrics"}, new String[] {"GET", "/actuator/env"}, new String[] {"GET", "/admin/fault-hooks"},
                new String[] {"POST", "/admin/fault-hooks"}, new String[] {"POST", "/admin/tcc/fence-cleanup"},
                new String[] {"POST", "/admin/retention/prune"},
                new String[] {"GET", "/api/unknown"}, new String[] {"GET", "/nacos/v1/ns/instance/list?serviceName=order-svc"},
                new String[] {"DELETE", "/api/orders/x"},
                // flash sales: inventory's units of a sale are service-to-service; a sale and a purchase only take
                // the methods of the public contract
                new String[] {"PUT", "/internal/sale-allocations/fs-x"}, new String[] {"POST", "/internal/sale-allocations/fs-x/close"},
                new String[] {"PUT", "/api/flash-sales/fs-x"}, new String[] {"DELETE", "/api/flash-sales/fs-x/purchases/fp-x"},
                new String[] {"POST", "/api/flash-sales/fs-x/purchases/fp-x"});
        for (String[] call : unrouted) {
            HttpRequest.Builder request = api.request(stack.gateway() + call[1]).header(ServiceTokens.HEADER, token)
                    .header("Authorization", "Bearer " + stack.adminToken());
            Answer answer = api.send(request.method(call[0], call[0].equals("GET") ? BodyPublishers.noBody() : BodyPublishers.ofString("{}")));
            assertThat(answer.status()).as(call[0] + " " + call[1] + " at the edge: " + answer).isEqualTo(404);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(api.get(stack.gateway() + "/actuator/health").status()).isEqualTo(200);
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void headersWithInternalMeaningAreDroppedSoTheCheckoutRunsAsItsOwnTransaction() {
        Map<String, Object> order = walletOrder(ann, List.of(item(mug, 1)), 0);
        Answer direct = api.send(api.request(stack.url("order-svc") + "/api/orders").header("Idempotency-Key", TestData.key())
                .header("TX_XID", "127.0.0.1:8091:42").POST(BodyPublishers.ofString(Api.write(order))));
        assertThat(direct.status()).as("on the service's own port the header is refused: " + direct).isEqualTo(400);

        Answer edge = api.send(api.request(stack.gateway() + "/api/orders").header("Idempotency-Key", TestData.key())
                .header("TX_XID", "127.0.0.1:8091:42").header("tx-xid", "127.0.0.1:8091:43").header("Tx-Deadline", "1")
                .header(ServiceTokens.HEADER, "Bearer " + stack.serviceToken("payment-svc", "order-svc"))
                .POST(BodyPublishers.ofString(Api.write(order))));
        assertThat(edge.status()).as("through the edge the headers never arrive: " + edge).isEqualTo(201);
        assertThat(edge.body().path("status").asText()).isEqualTo("PAID");
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void bodiesHeadersAndPathsAreBoundedAtTheEdge() throws SQLException {
        long inbox = count("SELECT COUNT(*) FROM payment_callback_inbox");
        for (boolean declared : new boolean[] {true, false}) {
            RawHttp.Reply reply = RawHttp.upload(stack.gateway(), "/api/payments/callback", Map.of("Content-Type", "application/json"),
                    300L * 1024 * 1024, declared);
            assertThat(reply.status()).as("300 MB callback (" + (declared ? "declared" : "chunked") + "): " + reply).isIn(413, 0);
        }
        assertThat(api.get(stack.gateway() + "/actuator/health").status()).as("the edge is up").isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM payment_callback_inbox")).isEqualTo(inbox);

        Answer bigHeaders = api.send(api.request(stack.gateway() + "/api/orders/x").header("X-Filler", "f".repeat(10_000)).GET());
        assertThat(bigHeaders.status()).as("10 KB of headers: " + bigHeaders).isEqualTo(431);
        RawHttp.Reply callbackHeaders = RawHttp.send(stack.gateway(), "POST", "/api/payments/callback",
                Map.of("Content-Type", "application/json", "X-Filler", "f".repeat(5_000)), "{}");
        assertThat(callbackHeaders.status()).as("the callback takes 4 KB of headers: " + callbackHeaders).isEqualTo(431);

        for (String path : List.of("/api/orders/..%2f..%2finternal/orders/payment-events", "/api/orders/../../internal/tcc/in-doubt",
                "/api/orders;x=1", "//api/orders/x", "/api/orders/%2e%2e/x")) {
            RawHttp.Reply reply = RawHttp.send(stack.gateway(), "GET", path, Map.of(), "");
            assertThat(reply.status()).as(path + ": " + reply).isIn(400, 404);
        }
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void unauthenticatedRoutesAreLimitedPerClientAddress() throws Exception {
        ExecutorService flood = Executors.newFixedThreadPool(16);
        List<Future<RawHttp.Reply>> replies = new ArrayList<>();
        try {
            for (int i = 0; i < 800; i++) {
                replies.add(flood.submit(() -> RawHttp.sendFrom("127.0.0.9", stack.gateway(), "GET", "/api/inventory/" + mug, Map.of(), "")));
            }
            Answer meanwhile = api.stock(mug);
            assertThat(meanwhile.status()).as("another address is not limited by this one's flood").isEqualTo(200);
            List<RawHttp.Reply> refused = new ArrayList<>();
            for (Future<RawHttp.Reply> reply : replies) {
                RawHttp.Reply answer = reply.get();
                assertThat(answer.status()).isIn(200, 429);
                if (answer.status() == 429) {
                    refused.add(answer);
                }
            }
            assertThat(refused).as("800 requests at once from one address, past its burst of 200").isNotEmpty()
                    .allSatisfy(reply -> {
                        assertThat(reply.headers()).containsKey("retry-after");
                        assertThat(reply.body()).contains("\"type\":\"too-many-requests\"");
                    });
        } finally {
            flood.shutdownNow();
        }
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void operatorsAndLiveOrderStatusWorkThroughTheEdge() {
        Answer page = api.get(stack.gateway() + "/admin");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().body()).containsIgnoringCase("<html");
        assertThat(api.get(stack.gateway() + "/admin/stragglers").status()).as("no token").isEqualTo(401);
        assertThat(api.adminCall("viewer", "GET", "/admin/stragglers?olderThan=PT1H", null).status()).isEqualTo(200);

        Answer placed = api.placeOrder(TestData.key(), externalOrder(ann, List.of(item(mug, 1)), 0));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(202);
        JsonNode pending = placed.body();
        String target = "/api/orders/" + pending.path("orderId").asText() + "/events";
        try (RawHttp.HeldStream stream = RawHttp.hold(stack.gateway(), target, Map.of("Accept", "text/event-stream"))) {
            assertThat(stream.status()).isEqualTo(200);
            api.scriptPayment(pending.path("paymentId").asText(), Map.of("events", List.of(Map.of("status", "SUCCEEDED"))));
            assertThat(stream.readToEnd()).as("the provider's callback came through the edge too")
                    .contains("\"status\":\"PENDING_PAYMENT\"").contains("\"status\":\"PAID\"");
        }
        RawHttp.Reply reconnect = RawHttp.send(stack.gateway(), "GET", target, Map.of("Accept", "text/event-stream", "Last-Event-ID", "2"), "");
        assertThat(reconnect.status()).as("a browser reconnecting after the end is told to stop").isEqualTo(204);
        invariants.awaitSettledAndAssertAll();
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = stack.sql("payments"); ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
