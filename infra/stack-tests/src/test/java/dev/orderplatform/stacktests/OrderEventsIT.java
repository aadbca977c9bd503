package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.externalOrder;
import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static dev.orderplatform.kit.testing.EventStreamClient.events;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.EventStreamClient;
import dev.orderplatform.kit.testing.EventStreamClient.Sse;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live order status (docs/api.md, {@code GET /api/orders/{id}/events}) as an SSE client sees it: the snapshot first —
 * so a completion that happened before the subscription is never missed — then one event per version, the end
 * of the stream after a terminal status, {@code Last-Event-ID} resumption, heartbeats; each stream read from an
 * order-svc instance other than the one that changed the order wherever the test can choose.
 */
class OrderEventsIT {


    private final RunningStack stack = RunningStack.shared();
    private final EventStreamClient client = new EventStreamClient();
    /** Orders whose stream this test has open (the server answered its headers). */
    private final List<String> subscribed = Collections.synchronizedList(new ArrayList<>());
    private TestData data;
    private Api api;
    private Invariants invariants;
    private String mug;
    private String ann;

    @BeforeEach
    void seed() {
        data = TestData.fresh("oe");
        api = new Api(stack);
        invariants = new Invariants(stack, data.prefix());
        mug = data.sku("MUG");
        ann = data.user("ann");
        assertThat(api.restock(mug, 1000, 10).status()).isEqualTo(201);
        assertThat(api.topUp(ann, 10_000).status()).isEqualTo(201);
    }

    @Test
    void anOrderThatFinishedBeforeTheSubscriptionIsSeenFinishedInTheFirstEvent() {
        Answer paid = api.placeOrder(TestData.key(), walletOrder(ann, List.of(item(mug, 1)), 0));
        assertThat(paid.body().path("status").asText()).as(paid.toString()).isEqualTo("PAID");
        String orderId = paid.body().path("orderId").asText();

        for (String instance : stack.urls("order-svc")) {
            List<Sse> events = events(read(instance, orderId, null));
            assertThat(events).as("from %s", instance).hasSize(1);
            assertThat(events.get(0).name()).isEqualTo("order");
            assertThat(events.get(0).id()).isEqualTo("2");
            assertThat(events.get(0).json()).isEqualTo(paid.body());
        }
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void aPendingOrderStreamsItsSnapshotThenItsCompletionAndEnds() {
        JsonNode pending = placeExternal();
        String elsewhere = stack.urls("order-svc").get(1);
        CompletableFuture<List<Sse>> stream = CompletableFuture.supplyAsync(() -> read(elsewhere, pending.path("orderId").asText(), null));
        awaitSubscribed(pending);

        script(pending, "SUCCEEDED");

        List<Sse> events = events(stream.join());
        assertThat(events).extracting(Sse::id).containsExactly("1", "2");
        assertThat(events.get(0).json().path("status").asText()).isEqualTo("PENDING_PAYMENT");
        assertThat(events.get(1).json().path("status").asText()).isEqualTo("PAID");
        assertThat(events.get(1).json()).isEqualTo(api.getOrder(pending.path("orderId").asText()).body());
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void lastEventIdResumesAfterTheVersionTheClientHas() {
        JsonNode pending = placeExternal();
        String orderId = pending.path("orderId").asText();
        String elsewhere = stack.urls("order-svc").get(1);
        CompletableFuture<List<Sse>> resumed = CompletableFuture.supplyAsync(() -> read(elsewhere, orderId, "1"));
        awaitSubscribed(pending);

        script(pending, "FAILED");

        List<Sse> events = events(resumed.join());
        assertThat(events).as("version 1 is not sent again").extracting(Sse::id).containsExactly("2");
        assertThat(events.get(0).json().path("status").asText()).isEqualTo("REJECTED");

        assertThat(events(read(stack.url("order-svc"), orderId, "1"))).as("moved on since: the snapshot")
                .extracting(Sse::id).containsExactly("2");
        Answer finished = api.send(api.request(stack.url("order-svc") + "/api/orders/" + orderId + "/events")
                .header("Accept", "text/event-stream").header("Last-Event-ID", "2").GET());
        assertThat(finished.status()).as("the client has the final version: 204 tells EventSource to stop reconnecting")
                .isEqualTo(204);
        assertThat(finished.raw().body()).isEmpty();
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void aQuietStreamIsKeptAliveWithHeartbeatsUntilTheOrderExpires() {
        JsonNode pending = placeExternal();
        script(pending, null); // the provider never calls back: the order expires after the stack's 20-s window

        List<Sse> stream = read(stack.url("order-svc"), pending.path("orderId").asText(), null);

        assertThat(stream.get(0).id()).isEqualTo("1");
        assertThat(stream.get(stream.size() - 1).json().path("status").asText()).isEqualTo("EXPIRED");
        assertThat(stream.subList(1, stream.size() - 1)).as("between the events, over a 20-s window: heartbeat comments")
                .isNotEmpty().allSatisfy(line -> assertThat(line.name()).isNull());
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void anUnknownOrderOrABadLastEventIdIsAProblemNotAStream() {
        Answer unknown = api.get(stack.url("order-svc") + "/api/orders/" + data.prefix() + "nope/events");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");

        JsonNode pending = placeExternal();
        Answer bad = api.send(api.request(stack.url("order-svc") + "/api/orders/" + pending.path("orderId").asText() + "/events")
                .header("Last-Event-ID", "yesterday").GET());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("errors").has("Last-Event-ID")).isTrue();
        script(pending, "SUCCEEDED");
        invariants.awaitSettledAndAssertAll();
    }

    private JsonNode placeExternal() {
        Answer answer = api.placeOrder(TestData.key(), externalOrder(ann, List.of(item(mug, 1)), 0));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        return answer.body();
    }

    private void script(JsonNode order, String status) {
        Map<String, Object> script = Map.of("events", status == null ? List.of() : List.of(Map.of("status", status)));
        Answer answer = api.scriptPayment(order.path("paymentId").asText(), script);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
    }

    /** The stream is open on the server before the test changes the order (so the change is live, not a snapshot). */
    private void awaitSubscribed(JsonNode order) {
        Awaitility.await("subscribed").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofMillis(200))
                .until(() -> subscribed.contains(order.path("orderId").asText()));
    }

    /** Reads the whole stream (until the server ends it): events and heartbeat comments, in order. */
    private List<Sse> read(String orderService, String orderId, String lastEventId) {
        return client.readAll(orderService + "/api/orders/" + orderId + "/events", lastEventId, () -> subscribed.add(orderId));
    }
}
