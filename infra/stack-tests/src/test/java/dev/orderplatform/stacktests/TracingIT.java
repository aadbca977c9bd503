package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * One checkout is one trace in the real Zipkin server ./stack runs: the client starts it (a W3C {@code traceparent}
 * with the sampled flag, as an instrumented client or a load balancer would send; the test stack samples nothing on its
 * own), and the gateway and the four services each add their spans to it — phase two included, which the TC drives
 * over its own RPC — tagged with the XID and the order id that the database records. The line order-svc logs for it carries the trace id and the XID.
 */
class TracingIT {

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("tr");
    private final Invariants invariants = new Invariants(stack, data.prefix());

    @Test
    void oneCheckoutIsOneTraceAcrossTheGatewayAndTheFourServicesTaggedWithItsXidAndOrder() {
        String sku = data.sku("SKU");
        String user = data.user("ann");
        assertThat(api.restock(sku, 250, 10).status()).isEqualTo(201);
        assertThat(api.topUp(user, 10_000).status()).isEqualTo(201);
        assertThat(api.grantPoints(user, 100).status()).isEqualTo(201);

        String traceId = HEX.formatHex(randomBytes(16));
        Answer placed = api.send(api.request(stack.gateway() + "/api/orders")
                .header("Idempotency-Key", TestData.key())
                .header("traceparent", "00-" + traceId + "-" + HEX.formatHex(randomBytes(8)) + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(Api.write(walletOrder(user, List.of(item(sku, 2)), 50)))));
        assertThat(placed.status()).as("%s", placed).isEqualTo(201);
        assertThat(placed.body().path("status").asText()).isEqualTo("PAID");
        String orderId = placed.body().path("orderId").asText();
        String xid = invariants.orders().stream().filter(order -> orderId.equals(order.s("order_id"))).findFirst()
                .orElseThrow().s("xid");
        assertThat(xid).as("the order records its XID").isNotBlank();

        AtomicReference<JsonNode> trace = new AtomicReference<>();
        Set<String> expected = Set.of("gateway", "order-svc", "inventory-svc", "payment-svc", "points-svc");
        Awaitility.await("the trace of the checkout reaches Zipkin from every process, phase two included (spans are reported every second)")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Answer found = api.get(stack.url("zipkin") + "/api/v2/trace/" + traceId);
                    trace.set(found.body());
                    return found.status() == 200 && services(found.body()).containsAll(expected)
                            && found.body().findValuesAsText("name").stream().filter(name -> name.startsWith("tcc confirm")).count() >= 3;
                });
        JsonNode spans = trace.get();
        assertThat(services(spans)).as("one trace, every hop").containsAll(expected);
        spans.forEach(span -> assertThat(span.path("traceId").asText()).isEqualTo(traceId));
        assertThat(spansOf(spans, "order-svc")).as("the checkout's span names its order and transaction")
                .anySatisfy(span -> {
                    assertThat(span.at("/tags/order.id").asText()).isEqualTo(orderId);
                    assertThat(span.at("/tags/seata.xid").asText()).isEqualTo(xid);
                });
        for (String participant : List.of("inventory-svc", "payment-svc", "points-svc")) {
            assertThat(spansOf(spans, participant)).as("%s's Try runs in the transaction", participant)
                    .anySatisfy(span -> assertThat(span.at("/tags/seata.xid").asText()).isEqualTo(xid));
        }
        assertThat(spans.findValuesAsText("kind")).as("the edge's call and the services' answers").contains("CLIENT", "SERVER");
        // phase two: the TC calls each Confirm over its own RPC; the Try recorded the trace, so Confirm joins it
        for (String participant : List.of("inventory-svc", "payment-svc", "points-svc")) {
            assertThat(spansOf(spans, participant)).as("%s's Confirm, driven by the TC, in the checkout's trace", participant)
                    .anySatisfy(span -> {
                        assertThat(span.path("name").asText()).startsWith("tcc confirm");
                        assertThat(span.at("/tags/seata.xid").asText()).isEqualTo(xid);
                    });
        }

        // what Zipkin's search box does: find the trace by the order id
        Answer byOrder = api.get(stack.url("zipkin") + "/api/v2/traces?annotationQuery=order.id%3D" + orderId + "&lookback=600000");
        assertThat(byOrder.body().findValuesAsText("traceId")).contains(traceId);

        // the line order-svc logs inside the transaction carries both ids
        List<String> lines = logLines(List.of("order-svc", "order-svc-2"), traceId);
        assertThat(lines).as("order-svc's lines for the checkout's trace").isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("xid=" + xid))
                .anySatisfy(line -> assertThat(line).contains("Checkout of " + orderId + " approved"));

        invariants.awaitSettledAndAssertAll();
    }

    private List<String> logLines(List<String> processes, String traceId) {
        List<String> lines = new ArrayList<>();
        for (String process : processes) {
            try (Stream<String> log = Files.lines(stack.logOf(process))) {
                log.filter(line -> line.contains(traceId)).forEach(lines::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }

    private static Set<String> services(JsonNode spans) {
        Set<String> services = new TreeSet<>();
        spans.forEach(span -> services.add(span.at("/localEndpoint/serviceName").asText()));
        return services;
    }

    private static List<JsonNode> spansOf(JsonNode spans, String service) {
        List<JsonNode> found = new ArrayList<>();
        spans.forEach(span -> {
            if (service.equals(span.at("/localEndpoint/serviceName").asText())) {
                found.add(span);
            }
        });
        return found;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

}
