package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.externalOrder;
import static dev.orderplatform.kit.testing.Api.item;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderplatform.kit.security.ServiceTokens;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * External checkout (saga) with the payment provider simulator calling back: each scenario drives the provider
 * through its control API, waits for the order's end as a client would, and ends with the docs/architecture.md invariants
 * checked in every database (including: a success the order did not take is refunded exactly once).
 */
class ExternalCheckoutIT {

    private final RunningStack stack = RunningStack.shared();
    private TestData data;
    private Api api;
    private Invariants invariants;
    private String mug;
    private String alice;

    @BeforeEach
    void seed() {
        data = TestData.fresh("xc");
        api = new Api(stack);
        invariants = new Invariants(stack, data.prefix());
        mug = data.sku("MUG");
        alice = data.user("alice");
        assertThat(api.restock(mug, 1250, 10).status()).isEqualTo(201);
        assertThat(api.grantPoints(alice, 500).status()).isEqualTo(201);
    }

    @Test
    void aPaymentReportedSucceededPaysTheOrder() {
        JsonNode pending = placePending(2, 300);
        assertThat(pending.path("amountCents").asLong()).isEqualTo(2500);
        assertThat(pending.path("amountPaidCents").asLong()).as("nothing paid yet").isZero();
        assertThat(Instant.parse(pending.path("payBefore").asText())).isAfter(Instant.parse(pending.path("createdAt").asText()));
        assertThat(stock(mug).path("reserved").asLong()).as("held while the payment is open").isEqualTo(2);
        assertThat(points(alice).path("frozen").asLong()).isEqualTo(300);
        assertThat(payment(pending).path("status").asText()).isEqualTo("PENDING");
        assertThat(payment(pending).path("amountCents").asLong()).isEqualTo(2200);

        script(pending, Map.of("events", List.of(Map.of("status", "SUCCEEDED"))));

        JsonNode paid = awaitStatus(pending, "PAID");
        assertThat(paid.path("amountPaidCents").asLong()).isEqualTo(2200);
        assertThat(paid.path("pointsRedeemed").asLong()).isEqualTo(300);
        assertThat(paid.path("pointsEarned").asLong()).isEqualTo(22);
        assertThat(paid.path("version").asLong()).as("PENDING_PAYMENT (1) then PAID (2)").isEqualTo(2);
        assertThat(payment(pending).path("status").asText()).isEqualTo("SUCCEEDED");
        invariants.awaitSettledAndAssertAll();
        assertThat(points(alice).path("balance").asLong()).isEqualTo(500 - 300 + 22);
        assertThat(stock(mug).path("available").asLong()).isEqualTo(8);
    }

    @Test
    void aSuccessReportedBeforeTheCheckoutAnsweredStillPaysTheOrderOnce() {
        // the provider pays every new payment at once: its callback races the opening saga's last step
        provider("/control/defaults", Map.of("events", List.of(Map.of("status", "SUCCEEDED", "copies", 2))));
        Answer answer;
        try {
            answer = api.placeOrder(TestData.key(), externalOrder(alice, List.of(item(mug, 1)), 50));
        } finally {
            provider("/control/defaults", Map.of("events", List.of()));
        }
        assertThat(answer.status()).as(answer.toString()).isIn(201, 202);
        assertThat(answer.body().path("status").asText()).isIn("PENDING_PAYMENT", "PAID");

        JsonNode paid = awaitStatus(answer.body(), "PAID");
        assertThat(paid.path("paymentId").asText()).as("the payment is recorded on the order").isNotBlank();
        assertThat(paid.path("pointsEarned").asLong()).isEqualTo(12);
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void aPaymentReportedFailedRejectsTheOrderAndReleasesEverything() {
        JsonNode pending = placePending(3, 200);
        script(pending, Map.of("events", List.of(Map.of("status", "FAILED"))));

        JsonNode rejected = awaitStatus(pending, "REJECTED");
        assertThat(rejected.path("reason").asText()).isEqualTo("PAYMENT_FAILED");
        assertThat(payment(pending).path("status").asText()).isEqualTo("FAILED");
        invariants.awaitSettledAndAssertAll();
        assertThat(stock(mug).path("available").asLong()).isEqualTo(10);
        assertThat(points(alice).path("balance").asLong()).isEqualTo(500);
    }

    @Test
    void anOrderNotPaidBeforeItsDeadlineExpiresAndReleasesEverything() {
        JsonNode pending = placePending(1, 100);
        script(pending, Map.of("events", List.of())); // the provider never calls back

        JsonNode expired = awaitStatus(pending, "EXPIRED");
        assertThat(expired.has("reason")).isFalse();
        assertThat(Instant.parse(expired.path("updatedAt").asText())).isAfterOrEqualTo(Instant.parse(pending.path("payBefore").asText()));
        assertThat(payment(pending).path("status").asText()).isEqualTo("FAILED");
        assertThat(api.providerView(pending.path("paymentId").asText()).body().path("cancelled").asBoolean())
                .as("the provider was told to stop collecting").isTrue();
        invariants.awaitSettledAndAssertAll();
        assertThat(stock(mug).path("available").asLong()).isEqualTo(10);
        assertThat(points(alice).path("balance").asLong()).isEqualTo(500);
    }

    /**
     * The provider took the money but its callbacks never come (delivery put off for a day): the order expires at
     * payBefore and its payment is cancelled as unpaid; once overdue, payment-svc asks the provider, takes its
     * SUCCEEDED into the inbox as the provider's report (recorded as a status poll), and the late success is refunded
     * exactly once — the money neither kept for an expired order nor left waiting for a callback for ever.
     */
    @Test
    void aSuccessWhoseCallbacksNeverComeIsTakenFromTheProviderAndRefundedOnce() {
        JsonNode pending = placePending(1, 100);
        String paymentId = pending.path("paymentId").asText();
        script(pending, Map.of("events", List.of(Map.of("status", "SUCCEEDED")), "delayMs", Duration.ofHours(24).toMillis()));

        awaitStatus(pending, "EXPIRED");
        awaitPaymentStatus(pending, "REFUNDED");
        assertThat(count("SELECT COUNT(*) FROM payment_callback_inbox WHERE payment_id = ? AND event_id LIKE 'polled-succeeded:%'"
                + " AND raw_body LIKE '%\"source\":\"status-poll\"%' AND processed_at IS NOT NULL", paymentId))
                .as("the provider's word, recorded as a status poll and processed like a callback").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM payment_refunds WHERE payment_id = ?", paymentId)).isEqualTo(1);
        JsonNode atProvider = api.providerView(paymentId).body();
        assertThat(atProvider.path("refunds").size()).as("one refund at the provider").isEqualTo(1);
        assertThat(atProvider.path("deliveries").findValuesAsText("outcome")).as("no callback was ever delivered").doesNotContain("DELIVERED");
        assertThat(getOrder(pending).path("status").asText()).isEqualTo("EXPIRED");
        invariants.awaitSettledAndAssertAll();
        assertThat(stock(mug).path("available").asLong()).isEqualTo(10);
        assertThat(points(alice).path("balance").asLong()).isEqualTo(500);
    }

    @Test
    void tenDuplicateCallbacksHaveOneEffect() {
        JsonNode pending = placePending(1, 0);
        script(pending, Map.of("events", List.of(Map.of("status", "SUCCEEDED", "copies", 10))));

        awaitStatus(pending, "PAID");
        String paymentId = pending.path("paymentId").asText();
        Awaitility.await("all ten deliveries answered").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.providerView(paymentId).body().path("deliveries").findValuesAsText("outcome"))
                        .hasSize(10).containsOnly("DELIVERED"));
        assertThat(count("SELECT COUNT(*) FROM payment_callback_inbox WHERE payment_id = ?", paymentId))
                .as("one inbox entry for the one event").isEqualTo(1);
        invariants.awaitSettledAndAssertAll();
        assertThat(points(alice).path("balance").asLong()).as("earned once").isEqualTo(500 + 12);
    }

    /**
     * Payment-svc relays duplicated callbacks concurrently: the reports race to start the settlement saga. Seata's
     * engine begins the saga's global transaction before its duplicate check refuses the second start, so each loser
     * used to leave a global transaction at the TC for ever (the soak run counted one for every 15 external orders).
     * Only one start may happen: no settlement transaction of this test is left at the TC.
     */
    @Test
    void aPaymentReportedManyTimesAtOnceStartsOneSettlementAndLeavesNothingAtTheCoordinator() throws Exception {
        JsonNode pending = placePending(1, 0);
        String orderId = pending.path("orderId").asText();
        long startedMillis = System.currentTimeMillis();
        String report = Api.write(Map.of("orderId", orderId, "paymentId", pending.path("paymentId").asText(), "status", "SUCCEEDED"));
        List<String> instances = stack.urls("order-svc");
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService reporters = Executors.newFixedThreadPool(12);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String instance = instances.get(i % instances.size());
                answers.add(reporters.submit(() -> {
                    go.await();
                    return api.send(api.request(instance + "/internal/orders/payment-events")
                            .header(ServiceTokens.HEADER, "Bearer " + stack.serviceToken("payment-svc", "order-svc"))
                            .POST(HttpRequest.BodyPublishers.ofString(report))).status();
                }));
            }
            go.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).as("settled, or retry later").isIn(200, 204, 503);
            }
        } finally {
            reporters.shutdownNow();
        }
        script(pending, Map.of("events", List.of(Map.of("status", "SUCCEEDED")))); // the payment itself, for the ledgers

        awaitStatus(pending, "PAID");
        invariants.awaitSettledAndAssertAll();
        assertThat(invariants.rows("orders", "SELECT * FROM seata_state_machine_inst WHERE business_key = ?", orderId + ":settle"))
                .as("one settlement saga").hasSize(1);
        assertThat(invariants.rows("seata_tc", "SELECT xid, status FROM global_table WHERE transaction_name = ? AND begin_time >= ?",
                "$Saga_settleExternalOrder", startedMillis)).as("settlement transactions left at the TC").isEmpty();
    }

    @Test
    void aSuccessDeliveredBeforeTheStaleFailureBeforeItWins() {
        JsonNode pending = placePending(1, 0);
        // the provider saw FAILED (a first attempt), then SUCCEEDED; they arrive newest first
        script(pending, Map.of("events", List.of(Map.of("status", "FAILED"), Map.of("status", "SUCCEEDED")), "delivery", "REVERSED"));

        awaitStatus(pending, "PAID");
        String paymentId = pending.path("paymentId").asText();
        Awaitility.await("both events processed").atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                count("SELECT COUNT(*) FROM payment_callback_inbox WHERE payment_id = ? AND processed_at IS NOT NULL", paymentId))
                .isEqualTo(2));
        assertThat(getOrder(pending).path("status").asText()).as("the stale failure changes nothing").isEqualTo("PAID");
        assertThat(payment(pending).path("status").asText()).isEqualTo("SUCCEEDED");
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void aSuccessAfterAFailureThatRejectedTheOrderIsRefundedOnce() {
        JsonNode pending = placePending(1, 0);
        // the success comes 3 s after the failure: a success that arrives while the failure is still being acted on
        // wins (the provider took the money), which is a different case; this one is about a success after a rejection
        script(pending, Map.of("events", List.of(Map.of("status", "FAILED"), Map.of("status", "SUCCEEDED", "copies", 3)), "gapMs", 3000));

        assertThat(awaitStatus(pending, "REJECTED").path("reason").asText()).isEqualTo("PAYMENT_FAILED");
        awaitPaymentStatus(pending, "REFUNDED");
        assertThat(api.providerView(pending.path("paymentId").asText()).body().path("refunds").size())
                .as("one refund at the provider").isEqualTo(1);
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void aSuccessArrivingAfterExpiryIsRefundedExactlyOnce() {
        JsonNode pending = placePending(2, 100);
        script(pending, Map.of("events", List.of(Map.of("status", "SUCCEEDED", "copies", 2)), "afterExpiry", true));

        awaitStatus(pending, "EXPIRED");
        awaitPaymentStatus(pending, "REFUNDED");
        assertThat(api.providerView(pending.path("paymentId").asText()).body().path("refunds").size()).isEqualTo(1);
        assertThat(getOrder(pending).path("status").asText()).as("a refunded order stays expired").isEqualTo("EXPIRED");
        invariants.awaitSettledAndAssertAll();
        assertThat(stock(mug).path("available").asLong()).isEqualTo(10);
        assertThat(points(alice).path("balance").asLong()).isEqualTo(500);
    }

    @Test
    void aSuccessArrivingAfterPayBeforeExpiresTheOrderEvenBeforeTheExpiryJobRuns() {
        JsonNode pending = placePending(1, 100);
        // hold the expiry jobs (claims, releases) on every instance, so only the late report itself can decide
        api.pauseNext("order-svc", "external-order-stragglers/CLAIM");
        api.pauseNext("order-svc", "external-order-stragglers/RUN");
        try {
            Awaitility.await("expiry jobs held").atMost(Duration.ofSeconds(30))
                    .until(() -> api.pausedAt("order-svc", "external-order-stragglers/CLAIM").isPresent()
                            && api.pausedAt("order-svc", "external-order-stragglers/RUN").isPresent());
            script(pending, Map.of("events", List.of(Map.of("status", "SUCCEEDED")), "afterExpiry", true));

            awaitPaymentStatus(pending, "REFUNDED");
            assertThat(getOrder(pending).path("status").asText()).as("no successful payment arrived before payBefore")
                    .isEqualTo("EXPIRED");
            assertThat(api.pausedAt("order-svc", "external-order-stragglers/CLAIM")).as("the claims were still held").isPresent();
        } finally {
            api.release("order-svc", "external-order-stragglers/CLAIM");
            api.release("order-svc", "external-order-stragglers/RUN");
            api.clearFaults("order-svc");
        }
        assertThat(api.providerView(pending.path("paymentId").asText()).body().path("refunds").size()).isEqualTo(1);
        invariants.awaitSettledAndAssertAll();
        assertThat(stock(mug).path("available").asLong()).isEqualTo(10);
        assertThat(points(alice).path("balance").asLong()).isEqualTo(500);
    }

    @Test
    void forgedUnsignedAndStaleCallbacksAre401AndRecordNothing() {
        JsonNode pending = placePending(1, 0);
        String paymentId = pending.path("paymentId").asText();
        String body = callbackBody(paymentId, "SUCCEEDED", 1250);
        long now = Instant.now().getEpochSecond();
        String secret = stack.paymentProviderSecret();

        List<Map<String, String>> refused = List.of(
                Map.of(),
                Map.of("Payment-Signature", sign("another-secret-of-sufficient-length", now, body)),
                Map.of("Payment-Signature", sign(secret, now - Duration.ofMinutes(6).toSeconds(), body)),
                Map.of("Payment-Signature", sign(secret, now, body).replace("v1=", "v1=00")),
                Map.of("Payment-Signature", "t=" + now));
        for (Map<String, String> headers : refused) {
            Answer answer = api.postRaw(callbackUrl(), headers, body);
            assertThat(answer.status()).as(headers + " -> " + answer).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(count("SELECT COUNT(*) FROM payment_callback_inbox WHERE payment_id = ?", paymentId)).isZero();
        assertThat(count("SELECT COUNT(*) FROM payment_callback_anomalies WHERE payment_id = ?", paymentId)).isZero();
        assertThat(getOrder(pending).path("status").asText()).isEqualTo("PENDING_PAYMENT");

        // correctly signed, but for another amount: 422, recorded for operators, the order untouched
        String wrongAmount = callbackBody(paymentId, "SUCCEEDED", 1);
        Answer mismatched = api.postRaw(callbackUrl(), Map.of("Payment-Signature", sign(secret, now, wrongAmount)), wrongAmount);
        assertThat(mismatched.status()).as(mismatched.toString()).isEqualTo(422);
        assertThat(count("SELECT COUNT(*) FROM payment_callback_anomalies WHERE payment_id = ?", paymentId)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM payment_callback_inbox WHERE payment_id = ?", paymentId)).isZero();

        // and a correctly signed one is taken
        Answer taken = api.postRaw(callbackUrl(), Map.of("Payment-Signature", sign(secret, now, body)), body);
        assertThat(taken.status()).as(taken.toString()).isEqualTo(200);
        awaitStatus(pending, "PAID");
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void anOrderRefusedByAParticipantIsRejectedAtOnceAndHoldsNothing() {
        Answer answer = api.placeOrder(TestData.key(), externalOrder(alice, List.of(item(mug, 11)), 0));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.body().path("status").asText()).isEqualTo("REJECTED");
        assertThat(answer.body().path("reason").asText()).isEqualTo("INSUFFICIENT_STOCK");

        Answer points = api.placeOrder(TestData.key(), externalOrder(alice, List.of(item(mug, 1)), 501));
        assertThat(points.body().path("status").asText()).as(points.toString()).isEqualTo("REJECTED");
        assertThat(points.body().path("reason").asText()).isEqualTo("INSUFFICIENT_POINTS");
        invariants.awaitSettledAndAssertAll();
        assertThat(stock(mug).path("available").asLong()).isEqualTo(10);
        assertThat(points(alice).path("balance").asLong()).isEqualTo(500);
    }

    private JsonNode placePending(long quantity, long redeemPoints) {
        Answer answer = api.placeOrder(TestData.key(), externalOrder(alice, List.of(item(mug, quantity)), redeemPoints));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        assertThat(answer.body().path("status").asText()).isEqualTo("PENDING_PAYMENT");
        assertThat(answer.body().path("paymentId").asText()).isNotBlank();
        assertThat(answer.body().path("payBefore").asText()).isNotBlank();
        return answer.body();
    }

    private void script(JsonNode order, Map<String, Object> script) {
        Answer answer = api.scriptPayment(order.path("paymentId").asText(), script);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
    }

    private JsonNode awaitStatus(JsonNode order, String status) {
        Duration atMost = Duration.between(Instant.now(), Instant.parse(order.path("payBefore").asText())).plusSeconds(90);
        return Awaitility.await("order " + order.path("orderId").asText() + " " + status).atMost(atMost)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> getOrder(order), current -> current.path("status").asText().equals(status));
    }

    private void awaitPaymentStatus(JsonNode order, String status) {
        Awaitility.await("payment of " + order.path("orderId").asText() + " " + status).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> payment(order).path("status").asText(), status::equals);
    }

    private void provider(String path, Map<String, Object> body) {
        Answer answer = api.send(api.request(stack.url("payment-provider") + path).PUT(HttpRequest.BodyPublishers.ofString(Api.write(body))));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    }

    private JsonNode getOrder(JsonNode order) {
        return api.getOrder(order.path("orderId").asText()).body();
    }

    private JsonNode payment(JsonNode order) {
        return api.get(stack.url("payment-svc") + "/api/payments/" + order.path("paymentId").asText()).body();
    }

    private JsonNode stock(String sku) {
        return api.get(stack.url("inventory-svc") + "/api/inventory/" + sku).body();
    }

    private JsonNode points(String user) {
        return api.get(stack.url("points-svc") + "/api/points/" + user).body();
    }

    private String callbackUrl() {
        return stack.url("payment-svc") + "/api/payments/callback";
    }

    private static String callbackBody(String paymentId, String status, long amountCents) {
        return Api.write(Map.of("eventId", "evt-" + UUID.randomUUID(), "paymentId", paymentId, "status", status,
                "amountCents", amountCents, "occurredAt", Instant.now().toString()));
    }

    /** The provider's signature (docs/api.md), computed here independently of payment-svc's verifier. */
    private static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql, String parameter) {
        try (Connection connection = stack.sql("payments"); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
