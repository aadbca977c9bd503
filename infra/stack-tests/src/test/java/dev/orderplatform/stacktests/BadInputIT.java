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
import java.net.http.HttpRequest.BodyPublishers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input gets a clear 400 {@code application/problem+json} (with {@code errors} naming the field) and
 * writes nothing anywhere: no order, no idempotency record, no wallet, no points account, no SKU.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("bi");
    private final String user = data.user("gus");
    private final String sku = data.sku("SKU");
    private final List<String> keysUsed = new ArrayList<>();

    private static final String LONG_ID = "x".repeat(65);
    private static final long OVER_LIMIT = 1_000_000_000_001L;

    Stream<Arguments> badOrders() {
        String u = "\"userId\":\"" + user + "\"";
        String items = "\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1}]";
        String fiftyOne = "\"items\":[" + String.join(",", Collections.nCopies(51,
                "{\"sku\":\"" + sku + "\",\"quantity\":1}")) + "]";
        return Stream.of(
                Arguments.of("malformed JSON", "{" + u + ",\"items\":[", null),
                Arguments.of("empty body", "", null),
                Arguments.of("not an object", "[]", null),
                Arguments.of("unknown payment", "{" + u + "," + items + ",\"payment\":\"CARD\"}", "payment"),
                Arguments.of("missing payment", "{" + u + "," + items + "}", "payment"),
                Arguments.of("zero quantity", "{" + u + ",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":0}],\"payment\":\"WALLET\"}", "items[0].quantity"),
                Arguments.of("negative quantity", "{" + u + ",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":-2}],\"payment\":\"WALLET\"}", "items[0].quantity"),
                Arguments.of("fractional quantity", "{" + u + ",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":2.5}],\"payment\":\"WALLET\"}", "items[0].quantity"),
                Arguments.of("quantity as text", "{" + u + ",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":\"2\"}],\"payment\":\"WALLET\"}", "items[0].quantity"),
                Arguments.of("quantity over 10^12", "{" + u + ",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":" + OVER_LIMIT + "}],\"payment\":\"WALLET\"}", "items[0].quantity"),
                Arguments.of("51 items", "{" + u + "," + fiftyOne + ",\"payment\":\"WALLET\"}", "items"),
                Arguments.of("no items", "{" + u + ",\"items\":[],\"payment\":\"WALLET\"}", "items"),
                Arguments.of("missing items", "{" + u + ",\"payment\":\"WALLET\"}", "items"),
                Arguments.of("null item", "{" + u + ",\"items\":[null],\"payment\":\"WALLET\"}", "items[0]"),
                Arguments.of("user id over 64 chars", "{\"userId\":\"" + LONG_ID + "\"," + items + ",\"payment\":\"WALLET\"}", "userId"),
                Arguments.of("user id with a slash", "{\"userId\":\"a/b\"," + items + ",\"payment\":\"WALLET\"}", "userId"),
                Arguments.of("user id as a number", "{\"userId\":123," + items + ",\"payment\":\"WALLET\"}", "userId"),
                Arguments.of("sku over 64 chars", "{" + u + ",\"items\":[{\"sku\":\"" + LONG_ID + "\",\"quantity\":1}],\"payment\":\"WALLET\"}", "items[0].sku"),
                Arguments.of("negative points", "{" + u + "," + items + ",\"redeemPoints\":-1,\"payment\":\"WALLET\"}", "redeemPoints"),
                Arguments.of("points over 10^12", "{" + u + "," + items + ",\"redeemPoints\":" + OVER_LIMIT + ",\"payment\":\"WALLET\"}", "redeemPoints"),
                Arguments.of("duplicate sku", "{" + u + ",\"items\":[{\"sku\":\"" + sku + "\",\"quantity\":1},{\"sku\":\"" + sku
                        + "\",\"quantity\":2}],\"payment\":\"WALLET\"}", "items"),
                Arguments.of("unknown field", "{" + u + "," + items + ",\"coupon\":\"FREE\",\"payment\":\"WALLET\"}", "coupon"),
                Arguments.of("duplicate JSON key", "{" + u + "," + u + "," + items + ",\"payment\":\"WALLET\"}", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrders")
    void aBadOrderIsA400ProblemAndWritesNothing(String name, String body, String field) {
        String key = TestData.key();
        keysUsed.add(key);
        Answer answer = api.postRaw(stack.url("order-svc") + "/api/orders", Map.of("Idempotency-Key", key), body);
        assertBadRequest(answer, field);
    }

    Stream<Arguments> badKeys() {
        return Stream.of(
                Arguments.of("missing key", null),
                Arguments.of("key over 128 chars", "k".repeat(129)),
                Arguments.of("key with a space", "two words"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badKeys")
    void aBadIdempotencyKeyIsA400Problem(String name, String key) {
        String body = Api.write(walletOrder(user, List.of(item(sku, 1)), 0));
        Answer answer = api.postRaw(stack.url("order-svc") + "/api/orders", key == null ? Map.of() : Map.of("Idempotency-Key", key), body);
        assertBadRequest(answer, "Idempotency-Key");
    }

    Stream<Arguments> badAdminRequests() {
        return Stream.of(
                Arguments.of("top-up of zero", "POST", stack.url("payment-svc") + "/api/wallets/" + user + "/top-ups", "{\"amountCents\":0}", "amountCents"),
                Arguments.of("top-up over 10^12", "POST", stack.url("payment-svc") + "/api/wallets/" + user + "/top-ups", "{\"amountCents\":" + OVER_LIMIT + "}", "amountCents"),
                Arguments.of("top-up to a bad user id", "POST", stack.url("payment-svc") + "/api/wallets/" + LONG_ID + "/top-ups", "{\"amountCents\":5}", "userId"),
                Arguments.of("grant of zero points", "POST", stack.url("points-svc") + "/api/points/" + user + "/grants", "{\"points\":0,\"reason\":\"x\"}", "points"),
                Arguments.of("grant without a reason", "POST", stack.url("points-svc") + "/api/points/" + user + "/grants", "{\"points\":5,\"reason\":\" \"}", "reason"),
                Arguments.of("negative stock", "PUT", stack.url("inventory-svc") + "/api/inventory/" + sku, "{\"priceCents\":100,\"available\":-1}", "available"),
                Arguments.of("stock without a price", "PUT", stack.url("inventory-svc") + "/api/inventory/" + sku, "{\"available\":3}", "priceCents"),
                Arguments.of("sku with a space", "PUT", stack.url("inventory-svc") + "/api/inventory/a%20b", "{\"priceCents\":1,\"available\":3}", "sku"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badAdminRequests")
    void aBadAdminRequestIsA400ProblemAndWritesNothing(String name, String method, String url, String body, String field) {
        Answer answer = api.send(api.admin(api.request(url)).header("Idempotency-Key", TestData.key())
                .method(method, BodyPublishers.ofString(body)));
        assertBadRequest(answer, field);
    }

    @Test
    void overlongIdsInPathsAre400() {
        assertBadRequest(api.getOrder(LONG_ID), "orderId");
        assertBadRequest(api.get(stack.url("payment-svc") + "/api/wallets/" + LONG_ID), "userId");
        assertBadRequest(api.get(stack.url("points-svc") + "/api/points/" + LONG_ID), "userId");
        assertBadRequest(api.get(stack.url("inventory-svc") + "/api/inventory/" + LONG_ID), "sku");
    }

    @AfterAll
    void nothingWasWrittenAnywhere() throws Exception {
        Invariants invariants = new Invariants(stack, data.prefix());
        assertThat(invariants.orders()).as("orders").isEmpty();
        assertThat(invariants.wallets()).as("wallets").isEmpty();
        assertThat(invariants.stock()).as("SKUs").isEmpty();
        assertThat(invariants.pointAccounts()).as("points accounts").isEmpty();
        try (Connection orders = stack.sql("orders");
             PreparedStatement keys = orders.prepareStatement("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = ?")) {
            for (String key : keysUsed) {
                keys.setString(1, key);
                try (ResultSet count = keys.executeQuery()) {
                    count.next();
                    assertThat(count.getInt(1)).as("idempotency record for key %s", key).isZero();
                }
            }
        }
    }

    private static void assertBadRequest(Answer answer, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode body = answer.body();
        assertThat(body.path("type").asText()).isIn("validation-failed", "malformed-request");
        assertThat(body.path("title").asText()).isNotBlank();
        assertThat(body.path("status").asInt()).isEqualTo(400);
        assertThat(body.path("detail").asText()).isNotBlank();
        assertThat(answer.raw().body()).doesNotContain("Exception", "at dev.", "at org.", "java.");
        if (field != null) {
            assertThat(body.path("errors").has(field)).as("errors names %s: %s", field, body).isTrue();
        }
    }
}
