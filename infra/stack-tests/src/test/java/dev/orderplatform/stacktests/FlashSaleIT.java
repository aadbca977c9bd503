package dev.orderplatform.stacktests;

import static dev.orderplatform.stacktests.FlashSaleCalls.purchaseOf;
import static dev.orderplatform.stacktests.FlashSaleCalls.terms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.EventStreamClient;
import dev.orderplatform.kit.testing.EventStreamClient.Sse;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.Invariants.Row;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Flash sales: an operator sets a SKU's units aside for a sale — never more than is available, once per
 * Idempotency-Key — everyone reads the sale; buyers are admitted or refused at once, admitted purchases become wallet
 * orders through the queue, a refused order's unit goes to the next buyer, and when the sale ends what it did not sell
 * goes back to the SKU's stock exactly once. Each test reads the result from inventory-svc's and order-svc's
 * databases and ends with the invariants (per SKU: available + allocated + reserved + sold = received; per sale:
 * units = remaining + reserved + sold + returned, purchases' units within the sale's and each buyer's limit, sold ==
 * the paid purchases'; every purchase finished; the stock cache equal to the database).
 */
class FlashSaleIT {

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("fs");
    private final Invariants invariants = new Invariants(stack, data.prefix());
    private final EventStreamClient sse = new EventStreamClient();
    private final FlashSaleCalls sales = new FlashSaleCalls(stack, api, invariants);

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

        Answer created = sales.create(key, terms);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String saleId = created.body().path("saleId").asText();
        assertThat(saleId).startsWith("fs-");
        assertThat(created.header("Location")).isEqualTo("/api/flash-sales/" + saleId);
        assertThat(created.body().path("status").asText()).isEqualTo("SCHEDULED");
        assertThat(created.body().path("unitsLeft").asLong()).isEqualTo(40);
        assertThat(created.body().path("priceCents").asLong()).isEqualTo(999);
        assertThat(created.body().path("perUserLimit").asInt()).isEqualTo(2);
        assertThat(Instant.parse(created.body().path("startsAt").asText())).isEqualTo(startsAt);

        Answer retried = sales.create(key, terms); // a gateway retrying the same request
        assertThat(retried.status()).isEqualTo(201);
        assertThat(retried.body().path("saleId").asText()).isEqualTo(saleId);

        Row stock = sales.stockOf(sku);
        assertThat(stock.l("available")).as("available after the sale took its units").isEqualTo(60);
        assertThat(stock.l("allocated")).as("set aside once, however often asked").isEqualTo(40);
        Row allocation = sales.allocationOf(saleId);
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

        Answer tooMany = sales.create(key, terms(sku, 11, 500, startsAt, startsAt.plusSeconds(600), 1));
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(409);
        assertThat(tooMany.body().path("type").asText()).isEqualTo("insufficient-stock");
        Answer unknown = sales.create(TestData.key(), terms(data.sku("NOPE"), 1, 500, startsAt, startsAt.plusSeconds(600), 1));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(409);
        assertThat(unknown.body().path("type").asText()).isEqualTo("insufficient-stock");

        assertThat(invariants.flashSales()).as("no sale recorded").isEmpty();
        assertThat(invariants.saleAllocations()).as("no units set aside").isEmpty();
        assertThat(sales.stockOf(sku).l("available")).isEqualTo(10);

        Answer corrected = sales.create(key, terms(sku, 10, 500, startsAt, startsAt.plusSeconds(600), 1));
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
            Answer answer = sales.create(TestData.key(), body);
            assertThat(answer.status()).as("%s -> %s", body, answer).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(invariants.flashSales()).isEmpty();
        assertThat(invariants.saleAllocations()).isEmpty();
        assertThat(sales.stockOf(sku).l("available")).isEqualTo(10);
        assertThat(api.get(stack.gateway() + "/api/flash-sales/fs-" + data.prefix() + "none").status()).isEqualTo(404);
    }

    @Test
    void whenASaleEndsWhatItDidNotSellGoesBackToStockExactlyOnce() {
        String sku = data.sku("LAMP");
        assertThat(api.restock(sku, 4000, 20).status()).isEqualTo(201);
        Instant now = Instant.now();
        Answer created = sales.create(TestData.key(), terms(sku, 8, 2500, now.minusSeconds(1), now.plusSeconds(3), 1));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.body().path("status").asText()).isEqualTo("OPEN");
        String saleId = created.body().path("saleId").asText();

        Awaitility.await("sale " + saleId + " closed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> invariants.flashSales().get(0).s("state").equals("CLOSED"));
        assertThat(invariants.flashSales().get(0).l("returned")).isEqualTo(8);
        Row allocation = sales.allocationOf(saleId);
        assertThat(allocation.s("status")).isEqualTo("CLOSED");
        assertThat(allocation.l("returned")).isEqualTo(8);
        assertThat(sales.stockOf(sku).l("available")).isEqualTo(20);
        assertThat(sales.stockOf(sku).l("allocated")).isZero();

        // order-svc's close again (as after a crash between inventory's answer and its own record): nothing more comes back
        for (String instance : stack.urls("inventory-svc")) {
            Answer again = api.send(api.internal(instance, "/internal/sale-allocations/" + saleId + "/close")
                    .POST(BodyPublishers.noBody()));
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().path("returned").asLong()).isEqualTo(8);
        }
        assertThat(sales.stockOf(sku).l("available")).isEqualTo(20);

        Answer ended = api.get(stack.gateway() + "/api/flash-sales/" + saleId);
        assertThat(ended.body().path("status").asText()).isEqualTo("ENDED");
        assertThat(ended.body().path("unitsLeft").asLong()).isZero();
    }

    @Test
    void buyersAreAnsweredAtOnceAndEveryAdmittedPurchaseBecomesAPaidOrderAtTheSalePrice() {
        String sku = data.sku("CONSOLE");
        assertThat(api.restock(sku, 50_000, 10).status()).isEqualTo(201);
        List<String> buyers = List.of(data.user("b1"), data.user("b2"), data.user("b3"), data.user("b4"), data.user("b5"));
        buyers.forEach(buyer -> assertThat(api.topUp(buyer, 100_000).status()).isEqualTo(201));
        String saleId = sales.openSale(sku, 3, 19_900, 60, 1);

        Map<String, String> keys = new HashMap<>();
        List<Answer> answers = new ArrayList<>();
        for (String buyer : buyers) {
            keys.put(buyer, TestData.key());
            answers.add(sales.purchase(saleId, keys.get(buyer), purchaseOf(buyer, 1)));
        }
        List<Answer> admitted = answers.stream().filter(answer -> answer.status() == 202).toList();
        assertThat(admitted).as("%s", answers).hasSize(3);
        admitted.forEach(answer -> {
            assertThat(answer.body().path("status").asText()).isEqualTo("QUEUED");
            assertThat(answer.body().path("position").asLong()).isBetween(1L, 3L);
            assertThat(answer.header("Location")).isEqualTo("/api/flash-sales/" + saleId + "/purchases/"
                    + answer.body().path("purchaseId").asText());
        });
        answers.stream().filter(answer -> answer.status() != 202).forEach(refused -> {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.body().path("type").asText()).isEqualTo("sold-out");
        });

        // a retry under the same key (a gateway retrying on another pod) is the same purchase, not a second one
        String firstBuyer = admitted.get(0).body().path("userId").asText();
        Answer retried = sales.purchase(saleId, keys.get(firstBuyer), purchaseOf(firstBuyer, 1));
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.body().path("purchaseId").asText()).isEqualTo(admitted.get(0).body().path("purchaseId").asText());
        Answer reused = sales.purchase(saleId, keys.get(firstBuyer), purchaseOf(firstBuyer, 2));
        assertThat(reused.status()).as(reused.toString()).isEqualTo(422);

        for (Answer answer : admitted) {
            String url = stack.gateway() + answer.header("Location");
            Awaitility.await("purchase paid").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> api.get(url).body().path("status").asText(), status -> !status.equals("QUEUED"));
            Answer finished = api.get(url);
            assertThat(finished.body().path("status").asText()).as(finished.toString()).isEqualTo("PAID");
            Answer order = api.getOrder(finished.body().path("orderId").asText());
            assertThat(order.body().path("status").asText()).isEqualTo("PAID");
            assertThat(order.body().path("userId").asText()).isEqualTo(finished.body().path("userId").asText());
        }
        assertThat(invariants.flashPurchases()).as("one purchase per admitted buyer, none for the refused")
                .hasSize(3).allSatisfy(purchase -> assertThat(purchase.s("status")).isEqualTo("PAID"));
        assertThat(invariants.orders()).as("one order per purchase").hasSize(3);
        for (Row order : invariants.orders()) {
            assertThat(order.l("amount_paid_cents")).as("charged the sale price").isEqualTo(19_900);
        }
        Row allocation = sales.allocationOf(saleId);
        assertThat(allocation.l("sold")).isEqualTo(3);
        assertThat(allocation.l("remaining")).isZero();
        assertThat(sales.stockOf(sku).l("available")).as("ordinary stock untouched by the sale").isEqualTo(7);
        assertThat(api.get(stack.gateway() + "/api/flash-sales/" + saleId).body().path("unitsLeft").asLong()).isZero();
    }

    @Test
    void aRefusedOrderGivesItsUnitToTheNextBuyerAndEachBuyerKeepsToTheLimit() {
        String sku = data.sku("SNEAKER");
        assertThat(api.restock(sku, 9_000, 5).status()).isEqualTo(201);
        String broke = data.user("broke");
        String rich = data.user("rich");
        assertThat(api.topUp(rich, 100_000).status()).isEqualTo(201);
        String saleId = sales.openSale(sku, 1, 12_000, 60, 1);

        Answer first = sales.purchase(saleId, TestData.key(), purchaseOf(broke, 1));
        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        String firstUrl = stack.gateway() + first.header("Location");
        Awaitility.await("the broke buyer's purchase failed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get(firstUrl).body().path("status").asText(), status -> !status.equals("QUEUED"));
        Answer failed = api.get(firstUrl);
        assertThat(failed.body().path("status").asText()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.body().path("reason").asText()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThat(failed.body().has("orderId")).isFalse();

        // its unit went back to the sale: the next buyer gets it (the counter may lag the database by a moment)
        Awaitility.await("unit back in the sale").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(stack.gateway() + "/api/flash-sales/" + saleId).body().path("unitsLeft").asLong() == 1);
        Answer second = sales.purchase(saleId, TestData.key(), purchaseOf(rich, 1));
        assertThat(second.status()).as(second.toString()).isEqualTo(202);
        Answer again = sales.purchase(saleId, TestData.key(), purchaseOf(rich, 1));
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.body().path("type").asText()).isIn("limit-reached", "sold-out");
        String secondUrl = stack.gateway() + second.header("Location");
        Awaitility.await("the next buyer's purchase paid").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get(secondUrl).body().path("status").asText(), status -> status.equals("PAID"));

        Row allocation = sales.allocationOf(saleId);
        assertThat(allocation.l("sold")).isEqualTo(1);
        assertThat(invariants.flashPurchases()).extracting(purchase -> purchase.s("status"))
                .containsExactlyInAnyOrder("FAILED", "PAID");
        assertThat(invariants.flashSales().get(0).l("admitted")).isEqualTo(1);
    }

    @Test
    void purchasesOutsideTheWindowOrWithBadInputAreRefusedAndWriteNothing() {
        String sku = data.sku("WATCH");
        assertThat(api.restock(sku, 30_000, 10).status()).isEqualTo(201);
        String buyer = data.user("early");
        Instant later = Instant.now().plus(1, ChronoUnit.HOURS);
        Answer scheduled = sales.create(TestData.key(), terms(sku, 2, 100, later, later.plusSeconds(600), 1));
        assertThat(scheduled.status()).isEqualTo(201);
        String scheduledId = scheduled.body().path("saleId").asText();
        Answer early = sales.purchase(scheduledId, TestData.key(), purchaseOf(buyer, 1));
        assertThat(early.status()).as(early.toString()).isEqualTo(409);
        assertThat(early.body().path("type").asText()).isEqualTo("sale-not-open");

        Instant now = Instant.now();
        Answer shortSale = sales.create(TestData.key(), terms(sku, 2, 100, now.minusSeconds(1), now.plusSeconds(2), 1));
        String endedId = shortSale.body().path("saleId").asText();
        Awaitility.await("sale ended").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(stack.gateway() + "/api/flash-sales/" + endedId).body().path("status").asText().equals("ENDED"));
        Answer ended = sales.purchase(endedId, TestData.key(), purchaseOf(buyer, 1));
        assertThat(ended.status()).as(ended.toString()).isEqualTo(410);
        assertThat(ended.body().path("type").asText()).isEqualTo("sale-ended");

        Answer unknown = sales.purchase("fs-" + data.prefix() + "none", TestData.key(), purchaseOf(buyer, 1));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);

        String openId = sales.openSale(sku, 2, 100, 60, 1);
        List<Map<String, Object>> bad = List.of(
                without(purchaseOf(buyer, 1), "userId"),
                with(purchaseOf(buyer, 1), "userId", "../" + buyer),
                purchaseOf(buyer, 0),
                with(purchaseOf(buyer, 1), "quantity", "one"),
                with(purchaseOf(buyer, 1), "redeemPoints", -1),
                with(purchaseOf(buyer, 1), "payment", "EXTERNAL"),
                without(purchaseOf(buyer, 1), "payment"));
        for (Map<String, Object> body : bad) {
            Answer answer = sales.purchase(openId, TestData.key(), body);
            assertThat(answer.status()).as("%s -> %s", body, answer).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        Answer noKey = api.send(api.request(stack.gateway() + "/api/flash-sales/" + openId + "/purchases")
                .POST(BodyPublishers.ofString(Api.write(purchaseOf(buyer, 1)))));
        assertThat(noKey.status()).as(noKey.toString()).isEqualTo(400);
        Answer overLimit = sales.purchase(openId, TestData.key(), purchaseOf(buyer, 2));
        assertThat(overLimit.status()).as(overLimit.toString()).isEqualTo(409);
        assertThat(overLimit.body().path("type").asText()).isEqualTo("limit-reached");

        assertThat(invariants.flashPurchases()).as("no purchase recorded").isEmpty();
        assertThat(invariants.orders()).as("no order made").isEmpty();
        assertThat(api.get(stack.gateway() + "/api/flash-sales/" + openId).body().path("unitsLeft").asLong()).isEqualTo(2);
        assertThat(api.get(stack.gateway() + "/api/flash-sales/" + openId + "/purchases/fp-none").status()).isEqualTo(404);
    }

    @Test
    void aBuyerFollowsThePurchaseLiveOrByPollingAndASubscriberAfterTheFinishSeesItAtOnce() {
        String sku = data.sku("TICKET");
        assertThat(api.restock(sku, 2_000, 5).status()).isEqualTo(201);
        String buyer = data.user("fan");
        assertThat(api.topUp(buyer, 10_000).status()).isEqualTo(201);
        String saleId = sales.openSale(sku, 2, 1_500, 60, 1);

        api.pauseNext("order-svc", "flash-purchase/BEFORE_ORDER"); // the purchase waits in the queue until released
        Answer admitted = sales.purchase(saleId, TestData.key(), purchaseOf(buyer, 1));
        assertThat(admitted.status()).as(admitted.toString()).isEqualTo(202);
        String url = stack.gateway() + admitted.header("Location");
        api.awaitPaused("order-svc", "flash-purchase/BEFORE_ORDER");
        Answer polled = api.get(url);
        assertThat(polled.body().path("status").asText()).isEqualTo("QUEUED");
        assertThat(polled.body().path("position").asLong()).isEqualTo(1);

        CountDownLatch connected = new CountDownLatch(1);
        CompletableFuture<List<Sse>> live = CompletableFuture.supplyAsync(() -> sse.readAll(url + "/events", null, connected::countDown));
        Awaitility.await("subscribed").atMost(Duration.ofSeconds(30)).until(() -> connected.getCount() == 0);
        api.release("order-svc", "flash-purchase/BEFORE_ORDER");
        List<Sse> events = EventStreamClient.events(live.join());
        assertThat(events).extracting(Sse::id).containsExactly("1", "2");
        assertThat(events.get(0).name()).isEqualTo("purchase");
        assertThat(events.get(0).json().path("status").asText()).isEqualTo("QUEUED");
        assertThat(events.get(0).json().path("position").asLong()).isEqualTo(1);
        assertThat(events.get(1).json().path("status").asText()).isEqualTo("PAID");
        assertThat(events.get(1).json()).as("the stream and the poll agree").isEqualTo(api.get(url).body());

        // subscribing after the finish: the finished purchase at once, then the end; with its version, 204
        assertThat(EventStreamClient.events(sse.readAll(url + "/events", null, () -> { })))
                .extracting(Sse::id).containsExactly("2");
        assertThat(api.send(api.request(url + "/events").header("Last-Event-ID", "2").GET()).status()).isEqualTo(204);
        assertThat(api.send(api.request(url + "/events").header("Last-Event-ID", "soon").GET()).status()).isEqualTo(400);
        assertThat(api.get(stack.gateway() + "/api/flash-sales/" + saleId + "/purchases/fp-none/events").status())
                .isEqualTo(404);
    }

    private static Map<String, Object> without(Map<String, Object> terms, String field) {
        terms.remove(field);
        return terms;
    }

    private static Map<String, Object> with(Map<String, Object> terms, String field, Object value) {
        terms.put(field, value);
        return terms;
    }
}
