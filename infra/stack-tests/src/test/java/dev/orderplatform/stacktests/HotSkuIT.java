package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A hot SKU under a flash sale sells exactly its stock, and the per-user rate limit on placing orders holds across
 * order-svc instances without touching other users. Both end with the invariants from the databases.
 */
class HotSkuIT {

    /** order-svc's application.yml: platform.rate-limit.orders. */
    private static final int CAPACITY = 30;
    private static final int REFILL_PER_SECOND = 10;

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("hs");
    private final Invariants invariants = new Invariants(stack, data.prefix());

    @Test
    void aFlashSaleOfFiftyUnitsToAThousandBuyersSellsExactlyFifty() throws Exception {
        String sku = data.sku("FLASH");
        List<String> buyers = IntStream.range(0, 1000).mapToObj(i -> data.user("b" + i)).toList();
        assertThat(api.restock(sku, 500, 50).status()).isEqualTo(201);
        ExecutorService crowd = Executors.newFixedThreadPool(64);
        try {
            List<Future<Answer>> seeded = buyers.stream().map(buyer -> crowd.submit(() -> api.topUp(buyer, 10_000))).toList();
            for (Future<Answer> topUp : seeded) {
                assertThat(topUp.get().status()).isEqualTo(201);
            }

            List<String> orderServices = stack.urls("order-svc");
            List<Future<Answer>> orders = new ArrayList<>();
            for (int i = 0; i < buyers.size(); i++) {
                String buyer = buyers.get(i);
                String orderService = orderServices.get(i % orderServices.size());
                orders.add(crowd.submit(() -> api.placeOrderAt(orderService, TestData.key(), walletOrder(buyer, List.of(item(sku, 1)), 0))));
            }
            Map<String, Integer> answers = new TreeMap<>();
            for (Future<Answer> order : orders) {
                Answer answer = order.get();
                String kind = answer.status() == 429 ? "429"
                        : (answer.status() + " " + answer.body().path("status").asText() + " " + answer.body().path("reason").asText("")).trim();
                answers.merge(kind, 1, Integer::sum);
            }

            assertThat(answers.get("201 PAID")).as("answers %s", answers).isEqualTo(50);
            assertThat(answers.keySet()).as("everyone else is told the stock ran out (or to slow down)")
                    .isSubsetOf("201 PAID", "201 REJECTED INSUFFICIENT_STOCK", "429");
        } finally {
            crowd.shutdown();
        }
        invariants.awaitSettledAndAssertAll();
        Invariants.Row stock = invariants.stock().get(0);
        assertThat(stock.l("sold")).as("sold, from inventory's database").isEqualTo(50);
        assertThat(stock.l("available")).isZero();
        assertThat(invariants.orderCountsByStatus()).containsEntry("PAID", 50L);
    }

    @Test
    void aUserOverTheLimitGets429WithRetryAfterOnEveryInstanceWhileOthersOrderOn() throws Exception {
        String sku = data.sku("SKU");
        String hasty = data.user("hasty");
        String calm = data.user("calm");
        assertThat(api.restock(sku, 100, 1000).status()).isEqualTo(201);
        assertThat(api.topUp(hasty, 100_000).status()).isEqualTo(201);
        assertThat(api.topUp(calm, 100_000).status()).isEqualTo(201);
        Map<String, Object> order = walletOrder(hasty, List.of(item(sku, 1)), 0);
        String key = TestData.key();
        assertThat(api.placeOrder(key, order).body().path("status").asText()).isEqualTo("PAID");

        // replays are answered from the idempotency store in milliseconds: a burst far faster than the refill
        List<String> orderServices = stack.urls("order-svc");
        double uncheckedBefore = api.counterSum("order-svc", "orders.rate.limit", "result:unchecked");
        ExecutorService burst = Executors.newFixedThreadPool(50);
        List<Answer> answers = new ArrayList<>();
        long started = System.nanoTime();
        try {
            List<Future<Answer>> sent = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                String orderService = orderServices.get(i % orderServices.size());
                sent.add(burst.submit(() -> api.placeOrderAt(orderService, key, order)));
            }
            for (Future<Answer> answer : sent) {
                answers.add(answer.get());
            }
        } finally {
            burst.shutdown();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        List<Answer> refused = answers.stream().filter(answer -> answer.status() == 429).toList();
        long admitted = answers.size() - refused.size() + 1; // + the first order
        assertThat(refused).as("refused on every instance")
                .anySatisfy(answer -> assertThat(answer.raw().uri().getPort()).isEqualTo(portOf(orderServices.get(0))))
                .anySatisfy(answer -> assertThat(answer.raw().uri().getPort()).isEqualTo(portOf(orderServices.get(1))));
        assertThat(admitted).as("one bucket shared by both instances: at most its capacity plus what refilled in %.2f s", seconds)
                .isLessThanOrEqualTo((long) (CAPACITY + REFILL_PER_SECOND * seconds) + 1);
        assertThat(api.counterSum("order-svc", "orders.rate.limit", "result:unchecked")).as("every request was checked")
                .isEqualTo(uncheckedBefore);
        assertThat(refused).allSatisfy(answer -> {
            assertThat(answer.body().path("type").asText()).isEqualTo("too-many-requests");
            assertThat(Long.parseLong(answer.header("Retry-After"))).isPositive();
        });
        assertThat(answers).filteredOn(answer -> answer.status() != 429)
                .allSatisfy(answer -> assertThat(answer.header("Idempotent-Replayed")).isEqualTo("true"));

        Answer other = api.placeOrder(TestData.key(), walletOrder(calm, List.of(item(sku, 1)), 0));
        assertThat(other.status()).as("another user is not affected").isEqualTo(201);
        assertThat(other.body().path("status").asText()).isEqualTo("PAID");
        invariants.awaitSettledAndAssertAll();
        assertThat(invariants.orders()).as("the refused requests wrote nothing").hasSize(2);
    }

    private static int portOf(String url) {
        return java.net.URI.create(url).getPort();
    }
}
