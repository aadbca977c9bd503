package dev.orderplatform.stacktests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.Invariants.Row;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Flash sales, first part (issue: flash sales): an operator sets a SKU's units aside for a sale — never more than is
 * available, once per Idempotency-Key — everyone reads the sale, and when it ends what it did not sell goes back to
 * the SKU's stock exactly once. Each test reads the result from inventory-svc's and order-svc's databases and ends
 * with the invariants (per SKU: available + allocated + reserved + sold = received; per sale: units = remaining +
 * reserved + sold + returned; the stock cache equal to the database).
 */
class FlashSaleIT {

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("fs");
    private final Invariants invariants = new Invariants(stack, data.prefix());

    @AfterEach
    void invariantsHold() {
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void anOperatorSetsUnitsAsideOnceAndEveryoneSeesTheSale() {
        String sku = data.sku("PHONE");
        assertThat(api.restock(sku, 1500, 100).status()).isEqualTo(201);
        Instant startsAt = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> terms = terms(sku, 40, 999, startsAt, startsAt.plus(1, ChronoUnit.HOURS), 2);
        String key = TestData.key();

        Answer created = create(key, terms);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String saleId = created.body().path("saleId").asText();
        assertThat(saleId).startsWith("fs-");
        assertThat(created.header("Location")).isEqualTo("/api/flash-sales/" + saleId);
        assertThat(created.body().path("status").asText()).isEqualTo("SCHEDULED");
        assertThat(created.body().path("unitsLeft").asLong()).isEqualTo(40);
        assertThat(created.body().path("priceCents").asLong()).isEqualTo(999);
        assertThat(created.body().path("perUserLimit").asInt()).isEqualTo(2);
        assertThat(Instant.parse(created.body().path("startsAt").asText())).isEqualTo(startsAt);

        Answer retried = create(key, terms); // a gateway retrying the same request
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.body().path("saleId").asText()).isEqualTo(saleId);

        Row stock = stockOf(sku);
        assertThat(stock.l("available")).as("available after the sale took its units").isEqualTo(60);
        assertThat(stock.l("allocated")).as("set aside once, however often asked").isEqualTo(40);
        Row allocation = allocationOf(saleId);
        assertThat(allocation.l("units")).isEqualTo(40);
        assertThat(allocation.l("remaining")).isEqualTo(40);
        assertThat(allocation.l("price_cents")).isEqualTo(999);
        assertThat(allocation.s("status")).isEqualTo("OPEN");
        assertThat(invariants.flashSales()).singleElement().satisfies(sale -> assertThat(sale.s("state")).isEqualTo("ACTIVE"));

        Answer shown = api.get(stack.gateway() + "/api/flash-sales/" + saleId); // public: no credential
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).isEqualTo(created.body());
        // (the stock view, from the cache, shows 60 available too: the invariants check the cache equals the database)
    }

    @Test
    void aSaleForMoreUnitsThanTheSkuHasIsRefusedAndLeavesNothingBehind() {
        String sku = data.sku("MUG");
        assertThat(api.restock(sku, 800, 10).status()).isEqualTo(201);
        Instant startsAt = Instant.now().plus(1, ChronoUnit.HOURS);
        String key = TestData.key();

        Answer tooMany = create(key, terms(sku, 11, 500, startsAt, startsAt.plusSeconds(600), 1));
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(409);
        assertThat(tooMany.body().path("type").asText()).isEqualTo("insufficient-stock");
        Answer unknown = create(TestData.key(), terms(data.sku("NOPE"), 1, 500, startsAt, startsAt.plusSeconds(600), 1));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(409);
        assertThat(unknown.body().path("type").asText()).isEqualTo("insufficient-stock");

        assertThat(invariants.flashSales()).as("no sale recorded").isEmpty();
        assertThat(invariants.saleAllocations()).as("no units set aside").isEmpty();
        assertThat(stockOf(sku).l("available")).isEqualTo(10);

        Answer corrected = create(key, terms(sku, 10, 500, startsAt, startsAt.plusSeconds(600), 1));
        assertThat(corrected.status()).as("the refused request did not hold its key: %s", corrected).isEqualTo(201);
    }

    @Test
    void badTermsAreRefusedWith400AndWriteNothing() {
        String sku = data.sku("PEN");
        assertThat(api.restock(sku, 100, 10).status()).isEqualTo(201);
        Instant startsAt = Instant.now().plus(1, ChronoUnit.HOURS);
        Instant endsAt = startsAt.plusSeconds(600);
        List<Map<String, Object>> bad = List.of(
                without(terms(sku, 5, 100, startsAt, endsAt, 1), "sku"),
                terms("../" + sku, 5, 100, startsAt, endsAt, 1),
                terms(sku, 0, 100, startsAt, endsAt, 1),
                terms(sku, 1_000_001, 100, startsAt, endsAt, 1),
                terms(sku, 5, -1, startsAt, endsAt, 1),
                terms(sku, 5, 100, startsAt, startsAt, 1),
                terms(sku, 5, 100, Instant.now().minusSeconds(600), Instant.now().minusSeconds(60), 1),
                terms(sku, 5, 100, startsAt, endsAt, 0),
                terms(sku, 5, 100, startsAt, endsAt, 6),
                with(terms(sku, 5, 100, startsAt, endsAt, 1), "startsAt", "tomorrow"),
                with(terms(sku, 5, 100, startsAt, endsAt, 1), "units", "five"));
        for (Map<String, Object> body : bad) {
            Answer answer = create(TestData.key(), body);
            assertThat(answer.status()).as("%s -> %s", body, answer).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(invariants.flashSales()).isEmpty();
        assertThat(invariants.saleAllocations()).isEmpty();
        assertThat(stockOf(sku).l("available")).isEqualTo(10);
        assertThat(api.get(stack.gateway() + "/api/flash-sales/fs-" + data.prefix() + "none").status()).isEqualTo(404);
    }

    @Test
    void whenASaleEndsWhatItDidNotSellGoesBackToStockExactlyOnce() {
        String sku = data.sku("LAMP");
        assertThat(api.restock(sku, 4000, 20).status()).isEqualTo(201);
        Instant now = Instant.now();
        Answer created = create(TestData.key(), terms(sku, 8, 2500, now.minusSeconds(1), now.plusSeconds(3), 1));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body().path("status").asText()).isEqualTo("OPEN");
        String saleId = created.body().path("saleId").asText();

        Awaitility.await("sale " + saleId + " closed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> invariants.flashSales().get(0).s("state").equals("CLOSED"));
        assertThat(invariants.flashSales().get(0).l("returned")).isEqualTo(8);
        Row allocation = allocationOf(saleId);
        assertThat(allocation.s("status")).isEqualTo("CLOSED");
        assertThat(allocation.l("returned")).isEqualTo(8);
        assertThat(stockOf(sku).l("available")).isEqualTo(20);
        assertThat(stockOf(sku).l("allocated")).isZero();

        // order-svc's close again (as after a crash between inventory's answer and its own record): nothing more comes back
        for (String instance : stack.urls("inventory-svc")) {
            Answer again = api.send(api.internal(instance, "/internal/sale-allocations/" + saleId + "/close")
                    .POST(BodyPublishers.noBody()));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().path("returned").asLong()).isEqualTo(8);
        }
        assertThat(stockOf(sku).l("available")).isEqualTo(20);

        Answer ended = api.get(stack.gateway() + "/api/flash-sales/" + saleId);
        assertThat(ended.body().path("status").asText()).isEqualTo("ENDED");
        assertThat(ended.body().path("unitsLeft").asLong()).isZero();
    }

    private Answer create(String idempotencyKey, Map<String, Object> terms) {
        return api.send(api.request(stack.gateway() + "/admin/flash-sales")
                .header("Authorization", "Bearer " + stack.token("operator"))
                .header("Idempotency-Key", idempotencyKey)
                .POST(BodyPublishers.ofString(Api.write(terms))));
    }

    private static Map<String, Object> terms(String sku, long units, long priceCents, Instant startsAt, Instant endsAt,
                                             int perUserLimit) {
        Map<String, Object> terms = new HashMap<>();
        terms.put("sku", sku);
        terms.put("units", units);
        terms.put("priceCents", priceCents);
        terms.put("startsAt", startsAt.toString());
        terms.put("endsAt", endsAt.toString());
        terms.put("perUserLimit", perUserLimit);
        return terms;
    }

    private static Map<String, Object> without(Map<String, Object> terms, String field) {
        terms.remove(field);
        return terms;
    }

    private static Map<String, Object> with(Map<String, Object> terms, String field, Object value) {
        terms.put(field, value);
        return terms;
    }

    private Row stockOf(String sku) {
        return invariants.rows("inventory", "SELECT * FROM stock_items WHERE sku = ?", sku).get(0);
    }

    private Row allocationOf(String saleId) {
        return invariants.rows("inventory", "SELECT * FROM sale_allocations WHERE sale_id = ?", saleId).get(0);
    }
}
