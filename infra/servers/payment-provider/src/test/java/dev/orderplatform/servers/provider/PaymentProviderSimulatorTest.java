package dev.orderplatform.servers.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The simulator in-process on a free port, calling back a small JDK HTTP server that stands in for payment-svc. */
class PaymentProviderSimulatorTest {

    private static final String SECRET = "test-secret-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private CallbackReceiver receiver;
    private PaymentProviderSimulator simulator;

    private record Answer(int status, String contentType, JsonNode body) {
    }

    @BeforeEach
    void start() throws IOException {
        receiver = new CallbackReceiver();
        simulator = simulatorCallingBack(List.of(receiver.url()));
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
        receiver.close();
    }

    private static PaymentProviderSimulator simulatorCallingBack(List<URI> urls) throws IOException {
        return PaymentProviderSimulator.start(new SimulatorSettings("127.0.0.1", 0, SECRET, urls, RetryPolicy.STANDARD));
    }

    // --- callbacks -------------------------------------------------------------------------------------------------

    @Test
    void aSucceededScriptIsDeliveredOnceSignedOverTheExactBytesSent() throws Exception {
        String paymentId = createPayment(1999);

        Answer planned = call("PUT", "/control/payments/" + paymentId + "/script", "{\"events\":[{\"status\":\"SUCCEEDED\"}]}");
        assertThat(planned.status()).isEqualTo(202);
        assertThat(planned.body().path("deliveries")).hasSize(1);

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes(paymentId)).containsExactly("DELIVERED"));
        assertThat(receiver.received()).singleElement().satisfies(callback -> {
            assertThat(callback.contentType()).startsWith("application/json");
            assertThat(callback.json().path("paymentId").asText()).isEqualTo(paymentId);
            assertThat(callback.json().path("status").asText()).isEqualTo("SUCCEEDED");
            assertThat(callback.json().path("amountCents").asLong()).isEqualTo(1999);
            assertThat(callback.eventId()).isEqualTo(planned.body().path("deliveries").get(0).path("eventId").asText());
            assertThat(Instant.parse(callback.json().path("occurredAt").asText())).isBefore(Instant.now().plusSeconds(1));
            assertSignedCorrectly(callback);
        });
        JsonNode view = call("GET", "/control/payments/" + paymentId, null).body();
        assertThat(view.path("deliveries").get(0).path("attempts").asInt()).isEqualTo(1);
        assertThat(view.path("deliveries").get(0).path("lastHttpStatus").asInt()).isEqualTo(200);
        assertThat(call("GET", "/v1/payments/" + paymentId, null).body().path("status").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void copiesArriveAsOneEventSentSeveralTimes() throws Exception {
        String paymentId = createPayment(500);

        call("PUT", "/control/payments/" + paymentId + "/script", "{\"events\":[{\"status\":\"SUCCEEDED\",\"copies\":3}]}");

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes(paymentId)).containsExactly("DELIVERED", "DELIVERED", "DELIVERED"));
        List<CallbackReceiver.Received> callbacks = receiver.receivedFor(paymentId);
        assertThat(callbacks).hasSize(3);
        assertThat(callbacks).extracting(CallbackReceiver.Received::eventId).containsOnly(callbacks.get(0).eventId());
        assertThat(callbacks).allSatisfy(callback -> assertThat(callback.body()).isEqualTo(callbacks.get(0).body()));
        assertThat(call("GET", "/control/payments/" + paymentId, null).body().path("deliveries"))
                .extracting(delivery -> delivery.path("copy").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void reversedDeliverySendsTheNewestEventFirst() throws Exception {
        String paymentId = createPayment(700);

        call("PUT", "/control/payments/" + paymentId + "/script",
                "{\"events\":[{\"status\":\"FAILED\"},{\"status\":\"SUCCEEDED\"}],\"delivery\":\"REVERSED\"}");

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes(paymentId)).containsExactly("DELIVERED", "DELIVERED"));
        List<CallbackReceiver.Received> callbacks = receiver.receivedFor(paymentId);
        assertThat(callbacks).extracting(CallbackReceiver.Received::status).containsExactly("SUCCEEDED", "FAILED");
        assertThat(callbacks.get(0).eventId()).isNotEqualTo(callbacks.get(1).eventId());
        Instant newest = Instant.parse(callbacks.get(0).json().path("occurredAt").asText());
        Instant oldest = Instant.parse(callbacks.get(1).json().path("occurredAt").asText());
        assertThat(Duration.between(oldest, newest)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aTransientFailureIsRetriedUntilDelivered() throws Exception {
        String paymentId = createPayment(800);
        receiver.answer(503);

        call("PUT", "/control/payments/" + paymentId + "/script", "{\"events\":[{\"status\":\"SUCCEEDED\"}]}");

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes(paymentId)).containsExactly("DELIVERED"));
        List<CallbackReceiver.Received> callbacks = receiver.receivedFor(paymentId);
        assertThat(callbacks).extracting(CallbackReceiver.Received::answeredWith).containsExactly(503, 200);
        assertThat(callbacks.get(1).body()).isEqualTo(callbacks.get(0).body());
        callbacks.forEach(PaymentProviderSimulatorTest::assertSignedCorrectly);
        JsonNode delivery = call("GET", "/control/payments/" + paymentId, null).body().path("deliveries").get(0);
        assertThat(delivery.path("attempts").asInt()).isEqualTo(2);
        assertThat(delivery.path("lastHttpStatus").asInt()).isEqualTo(200);
    }

    @Test
    void aFinalRejectionIsRecordedAndNotRetried() throws Exception {
        String paymentId = createPayment(900);
        receiver.answer(401);

        call("PUT", "/control/payments/" + paymentId + "/script", "{\"events\":[{\"status\":\"FAILED\"},{\"status\":\"SUCCEEDED\"}]}");

        // the second event is sent only once the first has its final answer: a retry of the first would come before it
        await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes(paymentId)).containsExactly("REJECTED", "DELIVERED"));
        assertThat(receiver.receivedFor(paymentId)).extracting(CallbackReceiver.Received::status, CallbackReceiver.Received::answeredWith)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("FAILED", 401), org.assertj.core.groups.Tuple.tuple("SUCCEEDED", 200));
        JsonNode rejected = call("GET", "/control/payments/" + paymentId, null).body().path("deliveries").get(0);
        assertThat(rejected.path("attempts").asInt()).isEqualTo(1);
        assertThat(rejected.path("lastHttpStatus").asInt()).isEqualTo(401);
    }

    @Test
    void anInstanceThatIsDownIsSkippedForTheNextCallbackUrl() throws Exception {
        URI down;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            down = URI.create("http://127.0.0.1:" + socket.getLocalPort() + CallbackReceiver.PATH);
        }
        simulator.close();
        simulator = simulatorCallingBack(List.of(down, receiver.url()));
        String paymentId = createPayment(1000);

        call("PUT", "/control/payments/" + paymentId + "/script", "{\"events\":[{\"status\":\"SUCCEEDED\"}]}");

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes(paymentId)).containsExactly("DELIVERED"));
        assertThat(receiver.receivedFor(paymentId)).hasSize(1);
        // the first delivery of a fresh simulator goes to the first URL (down), its retry to the next
        assertThat(call("GET", "/control/payments/" + paymentId, null).body().path("deliveries").get(0).path("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void anEmptyScriptNeverCallsBack() throws Exception {
        String paymentId = createPayment(1100);

        Answer planned = call("PUT", "/control/payments/" + paymentId + "/script", "{\"events\":[]}");

        assertThat(planned.status()).isEqualTo(202);
        assertThat(planned.body().path("deliveries")).isEmpty();
        JsonNode view = call("GET", "/control/payments/" + paymentId, null).body();
        assertThat(view.path("scripted").asBoolean()).isTrue();
        assertThat(view.path("deliveries")).isEmpty();
        Answer again = call("PUT", "/control/payments/" + paymentId + "/script", "{\"events\":[{\"status\":\"SUCCEEDED\"}]}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(call("GET", "/control/payments/" + paymentId, null).body().path("deliveries")).isEmpty();
    }

    @Test
    void overridesChangeTheAmountAndPaymentIdTheCallbackReports() throws Exception {
        String paymentId = createPayment(1200);

        call("PUT", "/control/payments/" + paymentId + "/script",
                "{\"events\":[{\"status\":\"SUCCEEDED\",\"amountCents\":1,\"paymentId\":\"someone-else\"}]}");

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes(paymentId)).containsExactly("DELIVERED"));
        assertThat(receiver.receivedFor("someone-else")).singleElement().satisfies(callback ->
                assertThat(callback.json().path("amountCents").asLong()).isEqualTo(1));
    }

    @Test
    void afterExpiryTheEventHappensAndIsSentPastTheExpiry() throws Exception {
        Instant expiresAt = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        String paymentId = createPayment(1300, expiresAt);

        Answer planned = call("PUT", "/control/payments/" + paymentId + "/script",
                "{\"events\":[{\"status\":\"SUCCEEDED\"}],\"afterExpiry\":true}");
        assertThat(Instant.parse(planned.body().path("firstAttemptAt").asText())).isEqualTo(expiresAt.plusSeconds(1));

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes(paymentId)).containsExactly("DELIVERED"));
        CallbackReceiver.Received callback = receiver.receivedFor(paymentId).get(0);
        assertThat(Instant.parse(callback.json().path("occurredAt").asText())).isEqualTo(expiresAt.plusSeconds(1));
        assertThat(callback.at()).isAfter(expiresAt);
        assertSignedCorrectly(callback);
    }

    @Test
    void aDelayIsPlannedBeforeTheFirstDelivery() throws Exception {
        String paymentId = createPayment(1400);
        Instant before = Instant.now();

        Answer planned = call("PUT", "/control/payments/" + paymentId + "/script",
                "{\"events\":[{\"status\":\"FAILED\"}],\"delayMs\":300}");

        assertThat(Instant.parse(planned.body().path("firstAttemptAt").asText())).isAfterOrEqualTo(before.plusMillis(300));
        await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes(paymentId)).containsExactly("DELIVERED"));
        assertThat(receiver.receivedFor(paymentId).get(0).at()).isAfterOrEqualTo(before.plusMillis(300));
    }

    @Test
    void aGapSeparatesOneEventsDeliveriesFromTheNextButNotItsCopies() throws Exception {
        String paymentId = createPayment(1500);

        Answer planned = call("PUT", "/control/payments/" + paymentId + "/script",
                "{\"events\":[{\"status\":\"FAILED\",\"copies\":2},{\"status\":\"SUCCEEDED\"}],\"gapMs\":400}");

        assertThat(planned.status()).isEqualTo(202);
        await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes(paymentId)).containsExactly("DELIVERED", "DELIVERED", "DELIVERED"));
        List<CallbackReceiver.Received> callbacks = receiver.receivedFor(paymentId);
        assertThat(callbacks).extracting(callback -> callback.json().path("status").asText()).containsExactly("FAILED", "FAILED", "SUCCEEDED");
        assertThat(Duration.between(callbacks.get(1).at(), callbacks.get(2).at())).as("the next event waits the gap")
                .isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(call("PUT", "/control/payments/" + createPayment(1600) + "/script", "{\"events\":[],\"gapMs\":-1}").status())
                .isEqualTo(400);
    }

    @Test
    void theDefaultScriptAppliesToPaymentsCreatedAfterItUntilRemoved() throws Exception {
        String before = createPayment(100);

        Answer defaults = call("PUT", "/control/defaults", "{\"events\":[{\"status\":\"SUCCEEDED\"}]}");
        assertThat(defaults.status()).isEqualTo(200);
        String after = createPayment(200);

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes(after)).containsExactly("DELIVERED"));
        assertThat(call("GET", "/control/payments/" + before, null).body().path("scripted").asBoolean()).isFalse();
        assertThat(call("PUT", "/control/payments/" + after + "/script", "{\"events\":[]}").status()).isEqualTo(409);

        assertThat(call("DELETE", "/control/defaults", null).body().path("defaults").isNull()).isTrue();
        String removed = createPayment(300);
        assertThat(call("GET", "/control/payments/" + removed, null).body().path("scripted").asBoolean()).isFalse();
    }

    // --- provider API ----------------------------------------------------------------------------------------------

    @Test
    void creationIsIdempotentAndOtherTermsUnderTheSameIdConflict() throws Exception {
        String paymentId = "pay-" + UUID.randomUUID();
        String body = paymentBody(paymentId, "order-1", 4200, Instant.parse("2030-01-01T00:00:00Z"));

        Answer first = call("POST", "/v1/payments", body);
        Answer again = call("POST", "/v1/payments", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().path("status").asText()).isEqualTo("PENDING");
        assertThat(first.body().path("expiresAt").asText()).isEqualTo("2030-01-01T00:00:00Z");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        Answer otherAmount = call("POST", "/v1/payments", paymentBody(paymentId, "order-1", 4201, Instant.parse("2030-01-01T00:00:00Z")));
        Answer otherOrder = call("POST", "/v1/payments", paymentBody(paymentId, "order-2", 4200, Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(List.of(otherAmount, otherOrder)).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
        });
        JsonNode seen = call("GET", "/v1/payments/" + paymentId, null).body();
        assertThat(seen.path("status").asText()).isEqualTo("PENDING");
        assertThat(seen.path("amountCents").asLong()).isEqualTo(4200);
        assertThat(call("GET", "/control/payments?orderId=order-1", null).body().path("paymentId").asText()).isEqualTo(paymentId);
        assertThat(call("GET", "/control/payments?orderId=no-such-order", null).status()).isEqualTo(404);
    }

    @Test
    void refundsAreIdempotentPerRefundIdAndCannotExceedThePayment() throws Exception {
        String paymentId = createPayment(1000);
        String refunds = "/v1/payments/" + paymentId + "/refunds";

        Answer first = call("POST", refunds, "{\"refundId\":\"r-1\",\"amountCents\":600}");
        Answer again = call("POST", refunds, "{\"refundId\":\"r-1\",\"amountCents\":600}");
        Answer tooMuch = call("POST", refunds, "{\"refundId\":\"r-2\",\"amountCents\":401}");
        Answer rest = call("POST", refunds, "{\"refundId\":\"r-3\",\"amountCents\":400}");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body()).isEqualTo(JSON.readTree(
                "{\"refundId\":\"r-1\",\"paymentId\":\"" + paymentId + "\",\"amountCents\":600,\"status\":\"SUCCEEDED\"}"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.contentType()).isEqualTo("application/problem+json");
        assertThat(rest.status()).isEqualTo(201);
        assertThat(call("POST", refunds, "{\"refundId\":\"r-4\",\"amountCents\":1}").status()).isEqualTo(409);
        assertThat(call("GET", "/control/payments/" + paymentId, null).body().path("refunds"))
                .extracting(refund -> refund.path("refundId").asText() + "=" + refund.path("amountCents").asLong())
                .containsExactly("r-1=600", "r-3=400");
    }

    @Test
    void cancellingIsIdempotentAndDoesNotStopAScript() throws Exception {
        String paymentId = createPayment(1500);

        Answer cancelled = call("POST", "/v1/payments/" + paymentId + "/cancel", null);
        Answer again = call("POST", "/v1/payments/" + paymentId + "/cancel", null);
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().path("status").asText()).isEqualTo("CANCELLED");
        assertThat(again.body()).isEqualTo(cancelled.body());
        assertThat(call("GET", "/v1/payments/" + paymentId, null).body().path("status").asText()).isEqualTo("CANCELLED");

        call("PUT", "/control/payments/" + paymentId + "/script", "{\"events\":[{\"status\":\"SUCCEEDED\"}]}");

        await().atMost(WAIT).untilAsserted(() -> assertThat(outcomes(paymentId)).containsExactly("DELIVERED"));
        assertThat(call("GET", "/control/payments/" + paymentId, null).body().path("cancelled").asBoolean()).isTrue();
    }

    @Test
    void unknownPaymentsAre404() throws Exception {
        assertThat(Stream.of(
                call("GET", "/v1/payments/nope", null),
                call("POST", "/v1/payments/nope/cancel", null),
                call("POST", "/v1/payments/nope/refunds", "{\"refundId\":\"r-1\",\"amountCents\":1}"),
                call("GET", "/control/payments/nope", null),
                call("PUT", "/control/payments/nope/script", "{\"events\":[]}"),
                call("GET", "/no/such/path", null)))
                .allSatisfy(answer -> {
                    assertThat(answer.status()).isEqualTo(404);
                    assertThat(answer.contentType()).isEqualTo("application/problem+json");
                    assertThat(answer.body().path("type").asText()).isEqualTo("not-found");
                });
    }

    @Test
    void healthAnswersUp() throws Exception {
        Answer health = call("GET", "/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asText()).isEqualTo("UP");
    }

    static Stream<Arguments> invalidRequests() {
        String valid = "\"orderId\":\"o-1\",\"amountCents\":100,\"expiresAt\":\"2030-01-01T00:00:00Z\"";
        return Stream.of(
                Arguments.of("/v1/payments", "not json", "malformed-request"),
                Arguments.of("/v1/payments", "[]", "malformed-request"),
                Arguments.of("/v1/payments", "{\"paymentId\":\"p-1\"," + valid + "} trailing", "malformed-request"),
                Arguments.of("/v1/payments", "{\"paymentId\":\"p-1\",\"paymentId\":\"p-2\"," + valid + "}", "malformed-request"),
                Arguments.of("/v1/payments", "{" + valid + "}", "validation-failed"),
                Arguments.of("/v1/payments", "{\"paymentId\":\"p 1\"," + valid + "}", "validation-failed"),
                Arguments.of("/v1/payments", "{\"paymentId\":\"p-1\",\"extra\":1," + valid + "}", "validation-failed"),
                Arguments.of("/v1/payments", "{\"paymentId\":\"p-1\",\"orderId\":\"o-1\",\"amountCents\":\"100\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}", "validation-failed"),
                Arguments.of("/v1/payments", "{\"paymentId\":\"p-1\",\"orderId\":\"o-1\",\"amountCents\":2.5,\"expiresAt\":\"2030-01-01T00:00:00Z\"}", "validation-failed"),
                Arguments.of("/v1/payments", "{\"paymentId\":\"p-1\",\"orderId\":\"o-1\",\"amountCents\":0,\"expiresAt\":\"2030-01-01T00:00:00Z\"}", "validation-failed"),
                Arguments.of("/v1/payments", "{\"paymentId\":\"p-1\",\"orderId\":\"o-1\",\"amountCents\":1000000000001,\"expiresAt\":\"2030-01-01T00:00:00Z\"}", "validation-failed"),
                Arguments.of("/v1/payments", "{\"paymentId\":\"p-1\",\"orderId\":\"o-1\",\"amountCents\":100,\"expiresAt\":\"tomorrow\"}", "validation-failed"),
                Arguments.of("SCRIPT", "{}", "validation-failed"),
                Arguments.of("SCRIPT", "{\"events\":[{\"status\":\"PAID\"}]}", "validation-failed"),
                Arguments.of("SCRIPT", "{\"events\":[{\"status\":\"SUCCEEDED\",\"copies\":0}]}", "validation-failed"),
                Arguments.of("SCRIPT", "{\"events\":[{\"status\":\"SUCCEEDED\",\"copies\":\"2\"}]}", "validation-failed"),
                Arguments.of("SCRIPT", "{\"events\":[{\"status\":\"SUCCEEDED\",\"colour\":\"red\"}]}", "validation-failed"),
                Arguments.of("SCRIPT", "{\"events\":[],\"delivery\":\"SHUFFLED\"}", "validation-failed"),
                Arguments.of("SCRIPT", "{\"events\":[],\"delayMs\":-1}", "validation-failed"),
                Arguments.of("SCRIPT", "{\"events\":[],\"afterExpiry\":\"yes\"}", "validation-failed"),
                Arguments.of("REFUND", "{\"refundId\":\"r-1\"}", "validation-failed"),
                Arguments.of("REFUND", "{\"refundId\":\"r-1\",\"amountCents\":-5}", "validation-failed"),
                Arguments.of("DEFAULTS", "{\"events\":{}}", "validation-failed"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidRequests")
    void invalidBodiesAre400WithAProblem(String target, String body, String type) throws Exception {
        String paymentId = createPayment(100);
        Answer answer = switch (target) {
            case "SCRIPT" -> call("PUT", "/control/payments/" + paymentId + "/script", body);
            case "REFUND" -> call("POST", "/v1/payments/" + paymentId + "/refunds", body);
            case "DEFAULTS" -> call("PUT", "/control/defaults", body);
            default -> call("POST", target, body);
        };

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo("application/problem+json");
        assertThat(answer.body().path("type").asText()).isEqualTo(type);
        assertThat(answer.body().path("title").asText()).isNotBlank();
        assertThat(answer.body().path("status").asInt()).isEqualTo(400);
        assertThat(answer.body().path("detail").asText()).isNotBlank();
        JsonNode view = call("GET", "/control/payments/" + paymentId, null).body();
        assertThat(view.path("scripted").asBoolean()).as("nothing recorded").isFalse();
        assertThat(view.path("refunds")).isEmpty();
        assertThat(call("GET", "/v1/payments/p-1", null).status()).as("nothing created").isEqualTo(404);
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private String createPayment(long amountCents) throws Exception {
        return createPayment(amountCents, Instant.now().plus(Duration.ofMinutes(15)));
    }

    private String createPayment(long amountCents, Instant expiresAt) throws Exception {
        String paymentId = "pay-" + UUID.randomUUID();
        Answer created = call("POST", "/v1/payments", paymentBody(paymentId, "order-" + UUID.randomUUID(), amountCents, expiresAt));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return paymentId;
    }

    private static String paymentBody(String paymentId, String orderId, long amountCents, Instant expiresAt) {
        return JSON.createObjectNode().put("paymentId", paymentId).put("orderId", orderId).put("amountCents", amountCents)
                .put("expiresAt", expiresAt.toString()).toString();
    }

    private List<String> outcomes(String paymentId) throws Exception {
        JsonNode deliveries = call("GET", "/control/payments/" + paymentId, null).body().path("deliveries");
        return Stream.iterate(0, i -> i < deliveries.size(), i -> i + 1).map(i -> deliveries.get(i).path("outcome").asText()).toList();
    }

    private Answer call(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(simulator.baseUri().resolve(path))
                .header("Content-Type", "application/json")
                .method(method, publisher)
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json);
    }

    /** Checks the header as payment-svc must: t close to now, v1 = HMAC-SHA256(secret, t + "." + raw body). */
    private static void assertSignedCorrectly(CallbackReceiver.Received callback) {
        assertThat(callback.signature()).matches("t=\\d+,v1=[0-9a-f]{64}");
        String[] parts = callback.signature().split(",");
        long t = Long.parseLong(parts[0].substring(2));
        assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(300);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            assertThat(parts[1].substring(3)).isEqualTo(HexFormat.of().formatHex(mac.doFinal(callback.body())));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
