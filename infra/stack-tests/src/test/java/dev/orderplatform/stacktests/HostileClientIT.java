package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.externalOrder;
import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hostile client with nothing but the public API's ids in hand, against every service's own port (issue: trust
 * boundaries). Each exploit that once lost money or stock now gets 401/403/400/404/413, and each test ends with the
 * docs/architecture.md invariants read from the databases: nothing was taken, held, paid or refunded by it.
 */
class HostileClientIT {

    /** A signing key the stack never trusted, named like order-svc's (one for every case: RSA key generation is slow). */
    private static final RSAKey UNTRUSTED_KEY = untrustedKey();

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private TestData data;
    private Invariants invariants;
    private String mug;
    private String eve;

    @BeforeEach
    void seed() {
        data = TestData.fresh("hc");
        invariants = new Invariants(stack, data.prefix());
        mug = data.sku("MUG");
        eve = data.user("eve");
        assertThat(api.restock(mug, 1000, 10).status()).isEqualTo(201);
        assertThat(api.topUp(eve, 10_000).status()).isEqualTo(201);
        assertThat(api.grantPoints(eve, 500).status()).isEqualTo(201);
    }

    /** Every {@code /internal/**} endpoint of every service, with a body it would accept from a trusted caller. */
    private static RSAKey untrustedKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("order-svc").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> internalEndpoints() {
        String order = "{\"orderId\":\"ord-x\",\"userId\":\"u-x\"}";
        String ledger = "{\"orderIds\":[\"ord-x\"]}";
        String deadline = Long.toString(Instant.now().plus(Duration.ofDays(365)).toEpochMilli());
        List<Arguments> endpoints = new ArrayList<>();
        for (String participant : List.of("inventory-svc", "payment-svc", "points-svc")) {
            endpoints.add(Arguments.of(participant, "GET", "/internal/tcc/in-doubt", ""));
            endpoints.add(Arguments.of(participant, "POST", "/internal/tcc/in-doubt/any-action/1.2.3.4:8091:1/2", "{\"decision\":\"COMMIT\"}"));
            endpoints.add(Arguments.of(participant, "POST", "/internal/ledger/orders", ledger));
            endpoints.add(Arguments.of(participant, "POST", "/internal/conformance/any-action", "{}"));
        }
        endpoints.add(Arguments.of("inventory-svc", "POST", "/internal/tcc/stock-reservations", "{\"orderId\":\"ord-x\",\"lines\":[{\"sku\":\"S\",\"quantity\":1}]}"));
        endpoints.add(Arguments.of("inventory-svc", "POST", "/internal/saga/stock-reservations", "{\"orderId\":\"ord-x\",\"lines\":[{\"sku\":\"S\",\"quantity\":1}]}"));
        endpoints.add(Arguments.of("inventory-svc", "POST", "/internal/saga/stock-releases", order));
        endpoints.add(Arguments.of("inventory-svc", "POST", "/internal/saga/stock-sales", order));
        endpoints.add(Arguments.of("inventory-svc", "POST", "/internal/benchmark/stock-sales", "{}"));
        endpoints.add(Arguments.of("inventory-svc", "PUT", "/internal/sale-allocations/fs-x", "{\"sku\":\"S\",\"units\":1,\"priceCents\":1}"));
        endpoints.add(Arguments.of("inventory-svc", "GET", "/internal/sale-allocations/fs-x", ""));
        endpoints.add(Arguments.of("inventory-svc", "POST", "/internal/sale-allocations/fs-x/close", ""));
        endpoints.add(Arguments.of("payment-svc", "POST", "/internal/tcc/wallet-freezes", "{\"orderId\":\"ord-x\",\"userId\":\"u-x\",\"amountCents\":1}"));
        endpoints.add(Arguments.of("payment-svc", "POST", "/internal/saga/payments", "{}"));
        endpoints.add(Arguments.of("payment-svc", "POST", "/internal/saga/payment-cancellations", order));
        endpoints.add(Arguments.of("payment-svc", "POST", "/internal/payments/refunds", "{\"orderId\":\"ord-x\",\"paymentId\":\"pay-x\"}"));
        endpoints.add(Arguments.of("payment-svc", "GET", "/internal/payments/pay-x/provider", ""));
        endpoints.add(Arguments.of("payment-svc", "POST", "/internal/benchmark/wallet-charges", "{}"));
        endpoints.add(Arguments.of("points-svc", "POST", "/internal/tcc/point-freezes", "{}"));
        endpoints.add(Arguments.of("points-svc", "POST", "/internal/saga/point-freezes", "{}"));
        endpoints.add(Arguments.of("points-svc", "POST", "/internal/saga/point-releases", order));
        endpoints.add(Arguments.of("points-svc", "POST", "/internal/saga/point-redemptions", order));
        endpoints.add(Arguments.of("points-svc", "POST", "/internal/benchmark/point-redemptions", "{}"));
        endpoints.add(Arguments.of("order-svc", "POST", "/internal/orders/payment-events",
                "{\"orderId\":\"ord-x\",\"paymentId\":\"pay-x\",\"status\":\"SUCCEEDED\"}"));
        return endpoints.stream().map(endpoint -> Arguments.of(endpoint.get()[0], endpoint.get()[1], endpoint.get()[2],
                endpoint.get()[3], deadline));
    }

    @ParameterizedTest(name = "{0} {1} {2}: no credential of the service zone is accepted")
    @MethodSource("internalEndpoints")
    void everyInternalEndpointRefusesEveryCallerButATrustedService(String service, String method, String path, String body,
                                                                  String deadline) throws Exception {
        String forged = new ServiceTokens.Issuer(UNTRUSTED_KEY, Duration.ofSeconds(60), Clock.systemUTC()).tokenFor(service);
        for (String instance : stack.urls(service)) {
            Map<String, String> transaction = Map.of("TX_XID", "127.0.0.1:8091:1", "Tx-Deadline", deadline);
            assertRefused(401, call(instance, method, path, body, transaction), "no credential");
            assertRefused(401, call(instance, method, path, body, Map.of("Authorization", "Bearer " + stack.adminToken())),
                    "the admin token is not a service credential");
            assertRefused(401, call(instance, method, path, body,
                    Map.of("Authorization", "Bearer " + stack.serviceToken("order-svc", service))), "a service token in the admin header");
            assertRefused(401, call(instance, method, path, body, Map.of(ServiceTokens.HEADER, "Bearer " + forged)),
                    "a token signed by a key the stack never trusted");
            assertRefused(401, call(instance, method, path, body,
                    Map.of(ServiceTokens.HEADER, "Bearer " + stack.serviceToken("order-svc", "some-other-svc"))), "a token for another service");
            String stranger = service.equals("inventory-svc") ? "points-svc" : "inventory-svc";
            assertRefused(403, call(instance, method, path, body,
                    Map.of(ServiceTokens.HEADER, "Bearer " + stack.serviceToken(stranger, service))), "a service that may not call it");
        }
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void aForgedPaymentReportLeavesTheOrderUnpaidUntilItExpires() {
        JsonNode pending = placeExternal();
        String report = Api.write(Map.of("orderId", pending.path("orderId").asText(), "paymentId", pending.path("paymentId").asText(),
                "status", "SUCCEEDED"));
        for (String instance : stack.urls("order-svc")) {
            assertRefused(401, call(instance, "POST", "/internal/orders/payment-events", report, Map.of()), "forged payment report");
        }
        assertThat(order(pending).path("status").asText()).isEqualTo("PENDING_PAYMENT");

        scriptNothing(pending);
        Awaitility.await("expired as usual").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> order(pending).path("status").asText().equals("EXPIRED"));
        assertThat(count("payments", "SELECT COUNT(*) FROM payments WHERE order_id = ? AND status = 'SUCCEEDED'",
                pending.path("orderId").asText())).isZero();
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void aRefundOfAPaidOrderCannotBeAskedFor() {
        Answer paid = api.placeOrder(TestData.key(), walletOrder(eve, List.of(item(mug, 1)), 0));
        assertThat(paid.body().path("status").asText()).as(paid.toString()).isEqualTo("PAID");
        String refund = Api.write(Map.of("orderId", paid.body().path("orderId").asText(), "paymentId", paid.body().path("paymentId").asText()));

        for (String instance : stack.urls("payment-svc")) {
            assertRefused(401, call(instance, "POST", "/internal/payments/refunds", refund, Map.of()), "refund");
        }

        assertThat(api.get(stack.url("payment-svc") + "/api/payments/" + paid.body().path("paymentId").asText()).body()
                .path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(count("payments", "SELECT COUNT(*) FROM payment_refunds WHERE order_id = ?", paid.body().path("orderId").asText())).isZero();
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void holdsOnStockOrPointsCannotBeTakenWithAFarDeadlineButATrustedServiceCouldSoTheRefusalIsTheAuth() {
        String deadline = Long.toString(Instant.now().plus(Duration.ofDays(365)).toEpochMilli());
        String holdStock = Api.write(Map.of("orderId", data.prefix() + "ghost", "lines", List.of(Map.of("sku", mug, "quantity", 5))));
        String holdPoints = Api.write(Map.of("orderId", data.prefix() + "ghost", "userId", eve, "redeemPoints", 400, "earnPoints", 0));
        for (String instance : stack.urls("inventory-svc")) {
            assertRefused(401, call(instance, "POST", "/internal/saga/stock-reservations", holdStock, Map.of("Tx-Deadline", deadline)), "hold stock");
        }
        for (String instance : stack.urls("points-svc")) {
            assertRefused(401, call(instance, "POST", "/internal/saga/point-freezes", holdPoints, Map.of("Tx-Deadline", deadline)), "hold points");
        }
        assertThat(api.stock(mug).body().path("reserved").asLong()).isZero();
        assertThat(api.get(stack.url("points-svc") + "/api/points/" + eve).body().path("frozen").asLong()).isZero();

        // the control: the same request from order-svc, the one trusted caller, holds the stock (then gives it back)
        String releaseStock = Api.write(Map.of("orderId", data.prefix() + "ghost", "userId", eve));
        Answer held = api.send(api.internal(stack.url("inventory-svc"), "/internal/saga/stock-reservations").header("Tx-Deadline", deadline)
                .POST(BodyPublishers.ofString(holdStock)));
        assertThat(held.status()).as(held.toString()).isEqualTo(200);
        Answer released = api.send(api.internal(stack.url("inventory-svc"), "/internal/saga/stock-releases").POST(BodyPublishers.ofString(releaseStock)));
        assertThat(released.status()).as(released.toString()).isBetween(200, 204);
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void everySpellingOfAnAdminPathWithoutATokenIsRefused() {
        List<String> spellings = List.of("/%61dmin/fault-hooks", "/admin;x=1/fault-hooks", "/admin/fault-hooks;x=1", "/admin/./fault-hooks",
                "/x/../admin/fault-hooks", "//admin/fault-hooks", "/admin//fault-hooks", "/admin/fault-hooks/", "/admin%2Ffault-hooks",
                "/Admin/fault-hooks", "/admin/%66ault-hooks", "/admin/fault-hooks%3F", "/%2e/admin/fault-hooks");
        String arm = "{\"point\":\"" + data.prefix() + "x/TRY\",\"mode\":\"FAIL\",\"failures\":1}";
        for (String service : List.of("order-svc", "inventory-svc", "payment-svc", "points-svc")) {
            for (String spelling : spellings) {
                RawHttp.Reply reply = RawHttp.send(stack.url(service), "POST", spelling, Map.of("Content-Type", "application/json"), arm);
                assertThat(reply.status()).as("%s POST %s → %s", service, spelling, reply).isIn(400, 401, 404, 405);
            }
            Answer armed = api.send(api.admin(api.request(stack.url(service) + "/admin/fault-hooks")).GET());
            assertThat(armed.raw().body()).as("no spelling armed a hook on " + service).doesNotContain(data.prefix());
        }
        for (String spelling : List.of("/api/%69nventory/" + mug, "/api;x=1/inventory/" + mug, "/api/./inventory/" + mug, "//api/inventory/" + mug)) {
            RawHttp.Reply reply = RawHttp.send(stack.url("inventory-svc"), "PUT", spelling, Map.of("Content-Type", "application/json"),
                    "{\"priceCents\":1,\"available\":999}");
            assertThat(reply.status()).as("PUT %s → %s", spelling, reply).isIn(400, 401, 404, 405);
        }
        assertThat(api.stock(mug).body().path("available").asLong()).as("no spelling restocked").isEqualTo(10);
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void aCheckoutCarryingTheXidOfAnotherGlobalTransactionIsRefusedAndThatTransactionRollsBackAlone() throws Exception {
        try (TestTransactions.Open foreign = TestTransactions.begin(stack)) {
            Map<String, String> spellings = Map.of("TX_XID", foreign.xid(), "tx_xid", foreign.xid(), "TX-XID", foreign.xid(),
                    "Tx-Deadline", Long.toString(Instant.now().plusSeconds(3600).toEpochMilli()));
            for (Map.Entry<String, String> header : spellings.entrySet()) {
                String key = TestData.key();
                Answer answer = api.send(api.request(stack.url("order-svc") + "/api/orders").header("Idempotency-Key", key)
                        .header(header.getKey(), header.getValue())
                        .POST(BodyPublishers.ofString(Api.write(walletOrder(eve, List.of(item(mug, 1)), 0)))));
                assertThat(answer.status()).as(header.getKey() + ": " + answer).isEqualTo(400);
                assertThat(answer.body().path("type").asText()).isEqualTo("transaction-context-refused");
            }
            for (String admin : List.of(stack.url("inventory-svc") + "/api/inventory/" + mug, stack.url("order-svc") + "/admin/stragglers")) {
                Answer answer = api.send(api.admin(api.request(admin)).header("TX_XID", foreign.xid()).GET());
                assertThat(answer.status()).as("admin zone with an XID: " + answer).isEqualTo(400);
            }
            foreign.rollback();
        }
        assertThat(count("orders", "SELECT COUNT(*) FROM orders WHERE user_id = ?", eve)).as("no order was stored").isZero();
        Answer own = api.placeOrder(TestData.key(), walletOrder(eve, List.of(item(mug, 1)), 0));
        assertThat(own.body().path("status").asText()).as("without the header, the same checkout runs as its own: " + own).isEqualTo("PAID");
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void anOversizedCallbackIsRefusedBeforeItIsReadAndPaymentSvcStaysUp() {
        long inboxBefore = count("payments", "SELECT COUNT(*) FROM payment_callback_inbox", null);
        long anomaliesBefore = count("payments", "SELECT COUNT(*) FROM payment_callback_anomalies", null);
        for (String instance : stack.urls("payment-svc")) {
            RawHttp.Reply declared = RawHttp.upload(instance, "/api/payments/callback", Map.of("Content-Type", "application/json"),
                    300L * 1024 * 1024, true);
            assertThat(declared.status()).as("300 MB declared: " + declared).isIn(413, 0);
            RawHttp.Reply chunked = RawHttp.upload(instance, "/api/payments/callback", Map.of("Content-Type", "application/json"),
                    300L * 1024 * 1024, false);
            assertThat(chunked.status()).as("300 MB chunked: " + chunked).isIn(413, 0);
            assertThat(api.get(instance + "/actuator/health").status()).as("payment-svc at " + instance + " is up").isEqualTo(200);
        }
        assertThat(count("payments", "SELECT COUNT(*) FROM payment_callback_inbox", null)).isEqualTo(inboxBefore);
        assertThat(count("payments", "SELECT COUNT(*) FROM payment_callback_anomalies", null)).isEqualTo(anomaliesBefore);

        String manyItems = "{\"userId\":\"" + eve + "\",\"payment\":\"WALLET\",\"redeemPoints\":0,\"items\":["
                + String.join(",", Collections.nCopies(200_000, "{\"sku\":\"" + mug + "\",\"quantity\":1}")) + "]}";
        RawHttp.Reply items = RawHttp.send(stack.url("order-svc"), "POST", "/api/orders",
                Map.of("Content-Type", "application/json", "Idempotency-Key", TestData.key()), manyItems);
        assertThat(items.status()).as("200,000 items: " + items).isIn(413, 0);
        String deep = "{\"userId\":" + "[".repeat(40) + "]".repeat(40) + "}";
        Answer nested = api.postRaw(stack.url("order-svc") + "/api/orders", Map.of("Idempotency-Key", TestData.key()), deep);
        assertThat(nested.status()).as("nesting past the parser's bound: " + nested).isEqualTo(400);
        assertThat(count("orders", "SELECT COUNT(*) FROM orders WHERE user_id = ?", eve)).isZero();
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void aStreamFloodPastTheCapsIsRefusedWhileAnOrdinaryClientsStreamKeepsWorking() {
        String orderService = stack.url("order-svc");
        List<JsonNode> evesOrders = List.of(placeExternal(), placeExternal(), placeExternal());
        List<RawHttp.HeldStream> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                flood.add(hold(orderService, evesOrders.get(0)));
            }
            RawHttp.HeldStream overOrder = hold(orderService, evesOrders.get(0));
            flood.add(overOrder);
            assertThat(overOrder.status()).as("past the per-order cap").isEqualTo(429);
            assertThat(overOrder.headers()).containsKey("retry-after");

            for (int i = 0; i < 8; i++) {
                flood.add(hold(orderService, evesOrders.get(1)));
            }
            for (int i = 0; i < 4; i++) {
                flood.add(hold(orderService, evesOrders.get(2)));
            }
            RawHttp.HeldStream overUser = hold(orderService, evesOrders.get(2));
            flood.add(overUser);
            assertThat(overUser.status()).as("past the per-user cap (20)").isEqualTo(429);
            assertThat(flood.stream().filter(stream -> stream.status() == 200).count()).isEqualTo(20);

            // an ordinary client, meanwhile: its stream opens, shows the snapshot, then the payment, and ends
            String ann = data.user("ann");
            assertThat(api.topUp(ann, 10_000).status()).isEqualTo(201);
            Answer placed = api.placeOrder(TestData.key(), externalOrder(ann, List.of(item(mug, 1)), 0));
            assertThat(placed.status()).as(placed.toString()).isEqualTo(202);
            try (RawHttp.HeldStream stream = hold(orderService, placed.body())) {
                assertThat(stream.status()).as("an ordinary client's stream opens").isEqualTo(200);
                assertThat(api.scriptPayment(placed.body().path("paymentId").asText(),
                        Map.of("events", List.of(Map.of("status", "SUCCEEDED")))).status()).isEqualTo(202);
                String events = stream.readToEnd();
                assertThat(events).contains("\"status\":\"PENDING_PAYMENT\"").contains("\"status\":\"PAID\"");
            }
        } finally {
            flood.forEach(RawHttp.HeldStream::close);
        }
        evesOrders.forEach(this::scriptNothing);
        invariants.awaitSettledAndAssertAll();
    }

    private RawHttp.HeldStream hold(String orderService, JsonNode order) {
        return RawHttp.hold(orderService, "/api/orders/" + order.path("orderId").asText() + "/events", Map.of("Accept", "text/event-stream"));
    }

    private JsonNode placeExternal() {
        Answer answer = api.placeOrder(TestData.key(), externalOrder(eve, List.of(item(mug, 1)), 0));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        return answer.body();
    }

    /** The provider never calls back: the order expires after the stack's payment window and is released. */
    private void scriptNothing(JsonNode order) {
        api.scriptPayment(order.path("paymentId").asText(), Map.of("events", List.of()));
    }

    private JsonNode order(JsonNode order) {
        return api.getOrder(order.path("orderId").asText()).body();
    }

    private Answer call(String instance, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = api.request(instance + path);
        headers.forEach(request::header);
        return api.send(method.equals("GET") ? request.GET() : request.method(method, BodyPublishers.ofString(body)));
    }

    private static void assertRefused(int status, Answer answer, String what) {
        assertThat(answer.status()).as(what + ": " + answer).isEqualTo(status);
        assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
    }

    private long count(String database, String sql, String parameter) {
        try (Connection connection = stack.sql(database); PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
