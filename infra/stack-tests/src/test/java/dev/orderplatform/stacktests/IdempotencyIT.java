package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Idempotency-Key across several order-svc instances: the key record lives in MySQL, not in memory. */
class IdempotencyIT {

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("ik");
    private final Invariants invariants = new Invariants(stack, data.prefix());

    @Test
    void twentyConcurrentIdenticalRequestsPlaceExactlyOneOrder() throws Exception {
        String sku = data.sku("ITEM");
        String user = data.user("dana");
        assertThat(api.restock(sku, 700, 50).status()).isEqualTo(201);
        assertThat(api.topUp(user, 100_000).status()).isEqualTo(201);
        String key = TestData.key();
        Map<String, Object> order = walletOrder(user, List.of(item(sku, 1)), 0);
        List<String> orderServices = stack.urls("order-svc");
        assertThat(orderServices).as("the stack runs several order-svc instances").hasSizeGreaterThan(1);

        ExecutorService clients = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String orderService = orderServices.get(i % orderServices.size());
            futures.add(clients.submit(() -> {
                go.await();
                return api.placeOrderAt(orderService, key, order);
            }));
        }
        go.countDown();
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> future : futures) {
            answers.add(future.get());
        }
        clients.shutdown();

        List<Answer> executed = answers.stream().filter(a -> a.status() == 201 && a.header("Idempotent-Replayed") == null).toList();
        List<Answer> replayed = answers.stream().filter(a -> "true".equals(a.header("Idempotent-Replayed"))).toList();
        List<Answer> inProgress = answers.stream().filter(a -> a.status() == 409).toList();
        assertThat(executed).as("exactly one request ran the checkout").hasSize(1);
        assertThat(executed.size() + replayed.size() + inProgress.size()).as("every other answer is a replay or 409").isEqualTo(20);
        inProgress.forEach(a -> {
            assertThat(a.body().path("type").asText()).isEqualTo("request-in-progress");
            assertThat(a.contentType()).startsWith("application/problem+json");
            assertThat(a.header("Retry-After")).isNotNull();
        });
        replayed.forEach(a -> assertThat(a.body()).isEqualTo(executed.get(0).body()));

        Answer afterwards = api.placeOrder(key, order);
        assertThat(afterwards.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(afterwards.body()).isEqualTo(executed.get(0).body());
        assertThat(invariants.orders()).as("orders in MySQL").hasSize(1);
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void aReplayOnAnotherInstanceAnswersTheFirstAnswer() {
        String sku = data.sku("OTHER");
        String user = data.user("erin");
        assertThat(api.restock(sku, 400, 5).status()).isEqualTo(201);
        assertThat(api.topUp(user, 10_000).status()).isEqualTo(201);
        String key = TestData.key();
        Map<String, Object> order = walletOrder(user, List.of(item(sku, 2)), 0);
        List<String> orderServices = stack.urls("order-svc");

        Answer first = api.placeOrderAt(orderServices.get(0), key, order);
        Answer replay = api.placeOrderAt(orderServices.get(orderServices.size() - 1), key, order);

        assertThat(replay.status()).isEqualTo(first.status());
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.placeOrderAt(orderServices.get(0), key, walletOrder(user, List.of(item(sku, 3)), 0)).status())
                .as("same key, another body, on the first instance").isEqualTo(422);
        assertThat(invariants.orders()).hasSize(1);
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void adminTopUpsAndGrantsAreIdempotentToo() {
        String user = data.user("finn");
        String key = TestData.key();
        var topUp = api.admin(api.request(stack.url("payment-svc") + "/api/wallets/" + user + "/top-ups"))
                .header("Idempotency-Key", key);
        Answer first = api.send(topUp.POST(BodyPublishers.ofString("{\"amountCents\": 700}")));
        Answer again = api.send(api.admin(api.request(stack.url("payment-svc") + "/api/wallets/" + user + "/top-ups"))
                .header("Idempotency-Key", key).POST(BodyPublishers.ofString("{\"amountCents\": 700}")));
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");

        String grantKey = TestData.key();
        String grantBody = "{\"points\": 40, \"reason\": \"welcome\"}";
        for (int i = 0; i < 3; i++) {
            Answer grant = api.send(api.admin(api.request(stack.url("points-svc") + "/api/points/" + user + "/grants"))
                    .header("Idempotency-Key", grantKey).POST(BodyPublishers.ofString(grantBody)));
            assertThat(grant.status()).isEqualTo(201);
        }

        assertThat(invariants.wallets()).singleElement().satisfies(w -> assertThat(w.l("balance_cents")).isEqualTo(700));
        assertThat(invariants.pointAccounts()).singleElement().satisfies(a -> assertThat(a.get("granted", Number.class).longValue()).isEqualTo(40));
        invariants.assertAll();
    }

    /**
     * A top-up's key belongs to its caller and its wallet: the same key for another wallet is another top-up, inside
     * the key's 24 h and after it (the key's record aged past its retention in the database: what the guard sees a day
     * later) — never the first wallet's top-up again, never a 500 for a wallet that did not exist yet.
     */
    @Test
    void aTopUpKeyReusedForAnotherWalletIsANewTopUp() {
        String ann = data.user("ann");
        String bob = data.user("bob");
        String cy = data.user("cy");
        String key = TestData.key();
        assertThat(topUpWithKey(ann, key, 500).status()).isEqualTo(201);

        Answer forBob = topUpWithKey(bob, key, 300);
        assertThat(forBob.status()).as(forBob.toString()).isEqualTo(201);
        assertThat(forBob.header("Idempotent-Replayed")).isNull();
        assertThat(forBob.body().path("userId").asText()).isEqualTo(bob);

        assertThat(invariants.rows("payments", "SELECT idem_key FROM idempotency_keys WHERE idem_key = ?", key)).hasSize(2);
        try (var payments = stack.sql("payments");
             var aged = payments.prepareStatement("UPDATE idempotency_keys SET created_at = created_at - INTERVAL 25 HOUR WHERE idem_key = ?")) {
            aged.setString(1, key);
            assertThat(aged.executeUpdate()).isEqualTo(2);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Answer forCy = topUpWithKey(cy, key, 200);
        assertThat(forCy.status()).as(forCy.toString()).isEqualTo(201);
        assertThat(forCy.body().path("userId").asText()).isEqualTo(cy);

        assertThat(invariants.wallets()).extracting(w -> w.s("user_id") + "=" + w.l("balance_cents"))
                .containsExactlyInAnyOrder(ann + "=500", bob + "=300", cy + "=200");
        assertThat(invariants.rows("payments", "SELECT user_id FROM wallet_top_ups WHERE idempotency_key = ?", key))
                .extracting(row -> row.s("user_id")).containsExactlyInAnyOrder(ann, bob, cy);
        invariants.assertAll();
    }

    private Answer topUpWithKey(String userId, String key, long amountCents) {
        return api.send(api.admin(api.request(stack.url("payment-svc") + "/api/wallets/" + userId + "/top-ups"))
                .header("Idempotency-Key", key).POST(BodyPublishers.ofString("{\"amountCents\": " + amountCents + "}")));
    }
}
