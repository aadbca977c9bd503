package dev.orderplatform.stacktests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.security.ServiceTokens;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every admin endpoint of every service, on its own port and through the gateway: 401 without a bearer token, with a
 * wrong one or with a service's token (a credential of another zone), 403 for a token without the role, and no effect.
 */
class AdminAuthIT {

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private static final TestData DATA = TestData.fresh("aa");
    /** A flash sale of a SKU that exists nowhere: were a call let through, it would answer 409, never create one. */
    private static final String FLASH_SALE = "{\"sku\":\"" + DATA.sku("FS") + "\",\"units\":1,\"priceCents\":1,"
            + "\"startsAt\":\"2030-01-01T00:00:00Z\",\"endsAt\":\"2030-01-02T00:00:00Z\",\"perUserLimit\":1}";

    static Stream<Arguments> adminEndpoints() {
        RunningStack stack = RunningStack.shared();
        return Stream.of(
                Arguments.of("restock", "PUT", stack.url("inventory-svc") + "/api/inventory/" + DATA.sku("X"), "{\"priceCents\":1,\"available\":1}"),
                Arguments.of("top-up", "POST", stack.url("payment-svc") + "/api/wallets/" + DATA.user("u") + "/top-ups", "{\"amountCents\":100}"),
                Arguments.of("grant", "POST", stack.url("points-svc") + "/api/points/" + DATA.user("u") + "/grants", "{\"points\":1,\"reason\":\"r\"}"),
                Arguments.of("fault hooks", "POST", stack.url("order-svc") + "/admin/fault-hooks", "{\"point\":\"a/TRY\",\"mode\":\"FAIL\",\"failures\":1}"),
                Arguments.of("unknown admin path", "GET", stack.url("order-svc") + "/admin/anything", ""),
                Arguments.of("fence cleanup", "POST", stack.url("inventory-svc") + "/admin/tcc/fence-cleanup", ""),
                Arguments.of("storage pruning (orders)", "POST", stack.url("order-svc") + "/admin/retention/prune", ""),
                Arguments.of("storage pruning (payments)", "POST", stack.url("payment-svc") + "/admin/retention/prune", ""),
                Arguments.of("storage pruning (points)", "POST", stack.url("points-svc") + "/admin/retention/prune", ""),
                Arguments.of("stragglers", "GET", stack.url("order-svc") + "/admin/stragglers", ""),
                Arguments.of("compensation run", "POST", stack.url("order-svc") + "/admin/compensation-runs", "{\"dryRun\":false}"),
                Arguments.of("run progress", "GET", stack.url("order-svc") + "/admin/compensation-runs/run-x", ""),
                Arguments.of("force-cancel", "POST", stack.url("order-svc") + "/admin/orders/" + DATA.prefix() + "o/force-cancel", "{\"reason\":\"r\"}"),
                Arguments.of("force-complete", "POST", stack.url("order-svc") + "/admin/orders/" + DATA.prefix() + "o/force-complete", "{\"reason\":\"r\"}"),
                Arguments.of("audit log", "GET", stack.url("order-svc") + "/admin/audit", ""),
                Arguments.of("reconciliation", "POST", stack.url("order-svc") + "/admin/reconciliations", "{}"),
                Arguments.of("TC status", "GET", stack.url("order-svc") + "/admin/transactions/x", ""),
                Arguments.of("flash sale creation", "POST", stack.url("order-svc") + "/admin/flash-sales", FLASH_SALE),
                // the same through the public edge, which routes them to the services (and the services check the token)
                Arguments.of("restock at the edge", "PUT", stack.gateway() + "/api/inventory/" + DATA.sku("X"), "{\"priceCents\":1,\"available\":1}"),
                Arguments.of("top-up at the edge", "POST", stack.gateway() + "/api/wallets/" + DATA.user("u") + "/top-ups", "{\"amountCents\":100}"),
                Arguments.of("grant at the edge", "POST", stack.gateway() + "/api/points/" + DATA.user("u") + "/grants", "{\"points\":1,\"reason\":\"r\"}"),
                Arguments.of("stragglers at the edge", "GET", stack.gateway() + "/admin/stragglers", ""),
                Arguments.of("compensation run at the edge", "POST", stack.gateway() + "/admin/compensation-runs", "{\"dryRun\":false}"),
                Arguments.of("force-cancel at the edge", "POST", stack.gateway() + "/admin/orders/" + DATA.prefix() + "o/force-cancel", "{\"reason\":\"r\"}"),
                Arguments.of("audit log at the edge", "GET", stack.gateway() + "/admin/audit", ""),
                Arguments.of("flash sale creation at the edge", "POST", stack.gateway() + "/admin/flash-sales", FLASH_SALE));
    }

    @ParameterizedTest(name = "{0} without a token")
    @MethodSource("adminEndpoints")
    void withoutATokenIs401(String name, String method, String url, String body) {
        assertUnauthorized(api.send(request(method, url, body)));
    }

    @ParameterizedTest(name = "{0} with a wrong token, or a service's")
    @MethodSource("adminEndpoints")
    void withAWrongTokenIs401(String name, String method, String url, String body) {
        assertUnauthorized(api.send(request(method, url, body).header("Authorization", "Bearer not-the-admin-token")));
        assertUnauthorized(api.send(request(method, url, body).header("Authorization", "Basic " + stack.adminToken())));
        String serviceToken = "Bearer " + stack.serviceToken("order-svc", "payment-svc");
        assertUnauthorized(api.send(request(method, url, body).header(ServiceTokens.HEADER, serviceToken)));
        assertUnauthorized(api.send(request(method, url, body).header("Authorization", serviceToken)));
    }

    @Test
    void aViewerListsAndDryRunsButCannotRunOrForceOrRestock() {
        assertThat(api.adminCall("viewer", "GET", "/admin/stragglers?olderThan=PT1H", null).status()).isEqualTo(200);
        assertThat(api.adminCall("viewer", "GET", "/admin/audit?limit=5", null).status()).isEqualTo(200);
        Answer dryRun = api.adminCall("viewer", "POST", "/admin/compensation-runs",
                Map.of("dryRun", true, "olderThan", "PT1H", "limit", 1, "orderIds", List.of(DATA.prefix() + "none")));
        assertThat(dryRun.status()).as(dryRun.toString()).isEqualTo(202);

        assertForbidden(api.adminCall("viewer", "POST", "/admin/compensation-runs",
                Map.of("dryRun", false, "olderThan", "PT1H", "orderIds", List.of(DATA.prefix() + "none"))));
        assertForbidden(api.adminCall("viewer", "POST", "/admin/orders/" + DATA.prefix() + "o/force-cancel", Map.of("reason", "try")));
        assertForbidden(api.adminCall("viewer", "POST", "/admin/orders/" + DATA.prefix() + "o/force-complete", Map.of("reason", "try")));
        assertForbidden(api.adminCall("viewer", "POST", "/admin/flash-sales", FLASH_SALE));
        // an operator runs compensation, but restocking stays an admin's
        assertForbidden(api.send(api.request(stack.url("inventory-svc") + "/api/inventory/" + DATA.sku("X"))
                .header("Authorization", "Bearer " + stack.token("operator"))
                .PUT(BodyPublishers.ofString("{\"priceCents\":1,\"available\":1}"))));
        assertThat(api.adminCall("operator", "POST", "/admin/orders/" + DATA.prefix() + "o/force-cancel", Map.of("reason", "try")).status())
                .as("an operator may force; this order does not exist").isEqualTo(404);
    }

    @AfterEach
    void nothingWasWritten() {
        Invariants invariants = new Invariants(stack, DATA.prefix());
        assertThat(invariants.stock()).isEmpty();
        assertThat(invariants.wallets()).isEmpty();
        assertThat(invariants.pointAccounts()).isEmpty();
        assertThat(invariants.flashSales()).isEmpty();
    }

    private HttpRequest.Builder request(String method, String url, String body) {
        return api.request(url).header("Idempotency-Key", TestData.key()).method(method, BodyPublishers.ofString(body));
    }

    private static void assertForbidden(Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
        assertThat(answer.body().path("type").asText()).isEqualTo("forbidden");
    }

    private static void assertUnauthorized(Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().path("type").asText()).isEqualTo("unauthorized");
        assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer");
    }
}
