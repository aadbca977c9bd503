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
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * 200 checkouts at once, spread over both order-svc instances, built so that some must fail for stock,
 * some for funds and some for points — then every invariant is read back from the databases: stock, money
 * and points conserved, nothing left reserved or frozen, no order left pending, no oversell.
 */
class ConcurrentCheckoutIT {

    private static final int ORDERS = 200;
    private static final int CLIENTS = 32;

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("cc");
    private final Invariants invariants = new Invariants(stack, data.prefix());

    @Test
    void concurrentMixedCheckoutsConserveStockMoneyAndPoints() throws Exception {
        // scarce SKUs run out; the plentiful one never does, so its orders fail only for money or points
        String scarceA = data.sku("SCARCE-A");
        String scarceB = data.sku("SCARCE-B");
        String plenty = data.sku("PLENTY");
        assertThat(api.restock(scarceA, 500, 30).status()).isEqualTo(201);
        assertThat(api.restock(scarceB, 900, 12).status()).isEqualTo(201);
        assertThat(api.restock(plenty, 300, 10_000).status()).isEqualTo(201);

        // users 0-4 are nearly broke, users 5-9 have no points, the others have plenty of both
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String user = data.user("u" + i);
            users.add(user);
            assertThat(api.topUp(user, i < 5 ? 100 : 1_000_000).status()).isEqualTo(201);
            if (i >= 10) {
                assertThat(api.grantPoints(user, 100_000).status()).isEqualTo(201);
            }
        }

        Random random = new Random(42);
        List<String> orderServices = stack.urls("order-svc");
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Answer>> answers = new ArrayList<>();
        for (int n = 0; n < ORDERS; n++) {
            int userIndex = random.nextInt(users.size());
            String sku = switch (random.nextInt(3)) {
                case 0 -> scarceA;
                case 1 -> scarceB;
                default -> plenty;
            };
            // users without points ask to redeem some; others redeem sometimes
            long redeem = userIndex >= 5 && userIndex < 10 ? 50 : (random.nextBoolean() ? random.nextInt(200) : 0);
            Map<String, Object> order = walletOrder(users.get(userIndex), List.of(item(sku, 1 + random.nextInt(3))), redeem);
            String orderService = orderServices.get(n % orderServices.size());
            answers.add(clients.submit(() -> api.placeOrderAt(orderService, TestData.key(), order)));
        }
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        for (Future<Answer> future : answers) {
            Answer answer = future.get();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
            String outcome = answer.body().path("status").asText()
                    + (answer.body().has("reason") ? " " + answer.body().path("reason").asText() : "");
            outcomes.merge(outcome, 1, Integer::sum);
        }
        clients.shutdown();

        assertThat(outcomes.keySet()).as("outcomes %s", outcomes)
                .contains("PAID", "REJECTED INSUFFICIENT_STOCK", "REJECTED INSUFFICIENT_FUNDS", "REJECTED INSUFFICIENT_POINTS")
                .allMatch(outcome -> List.of("PAID", "REJECTED INSUFFICIENT_STOCK", "REJECTED INSUFFICIENT_FUNDS",
                        "REJECTED INSUFFICIENT_POINTS").contains(outcome));
        invariants.awaitSettledAndAssertAll();
        assertThat(invariants.orders()).hasSize(ORDERS);
        assertThat(invariants.orderCountsByStatus().get("PAID")).isEqualTo(outcomes.get("PAID").longValue());
        for (Invariants.Row stock : invariants.stock()) {
            assertThat(stock.l("available")).as("no oversell of %s", stock.s("sku")).isNotNegative();
        }
    }
}
