package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Wallet checkout as a client sees it, each outcome checked again in every service's database. Shared by
 * the stack on MariaDB and the mongo-java-server ({@link WalletCheckoutIT}) and the stack on MySQL 8,
 * MongoDB and Redis containers ({@link WalletCheckoutContainersIT}).
 */
abstract class WalletCheckoutScenarios {

    /** The stack these scenarios run against. */
    abstract RunningStack stack();

    TestData data;
    Api api;
    Invariants invariants;
    String mug;
    String lamp;
    String alice;

    @BeforeEach
    void seed() {
        data = TestData.fresh("wc");
        api = new Api(stack());
        invariants = new Invariants(stack(), data.prefix());
        mug = data.sku("MUG");
        lamp = data.sku("LAMP");
        alice = data.user("alice");
        assertThat(api.restock(mug, 1250, 10).status()).isEqualTo(201);
        assertThat(api.restock(lamp, 4999, 1).status()).isEqualTo(201);
        assertThat(api.topUp(alice, 20_000).status()).isEqualTo(201);
        assertThat(api.grantPoints(alice, 500).status()).isEqualTo(201);
    }

    @Test
    void aPaidOrderIsChargedOnceAndEveryLedgerAgrees() {
        Answer answer = api.placeOrder(TestData.key(), walletOrder(alice, List.of(item(mug, 2)), 300));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.body().path("status").asText()).isEqualTo("PAID");
        assertThat(answer.body().has("reason")).isFalse();
        assertThat(answer.body().path("amountCents").asLong()).isEqualTo(2500);
        assertThat(answer.body().path("pointsRedeemed").asLong()).isEqualTo(300);
        assertThat(answer.body().path("amountPaidCents").asLong()).isEqualTo(2200);
        assertThat(answer.body().path("pointsEarned").asLong()).as("floor(2200 / 100)").isEqualTo(22);
        assertThat(answer.body().path("items").get(0).path("unitPriceCents").asLong()).isEqualTo(1250);
        assertThat(answer.body().path("version").asLong()).as("PENDING_PAYMENT (1) then PAID (2)").isEqualTo(2);
        assertThat(answer.body().path("paymentId").asText()).isNotBlank();
        String orderId = answer.body().path("orderId").asText();
        assertThat(answer.header("Location")).isEqualTo("/api/orders/" + orderId);

        Answer fetched = api.getOrder(orderId);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(answer.body());
        Answer payment = api.get(stack().url("payment-svc") + "/api/payments/" + answer.body().path("paymentId").asText());
        assertThat(payment.body().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(payment.body().path("amountCents").asLong()).isEqualTo(2200);

        invariants.awaitSettledAndAssertAll();
        assertThat(api.get(stack().url("payment-svc") + "/api/wallets/" + alice).body().path("balanceCents").asLong())
                .isEqualTo(20_000 - 2200);
        assertThat(api.get(stack().url("points-svc") + "/api/points/" + alice).body().path("balance").asLong())
                .isEqualTo(500 - 300 + 22);
        assertThat(api.get(stack().url("inventory-svc") + "/api/inventory/" + mug).body().path("available").asLong())
                .isEqualTo(8);
    }

    @Test
    void anOrderBeyondTheStockIsRejectedAndReservesNothing() {
        assertRejected(walletOrder(alice, List.of(item(mug, 1), item(lamp, 2)), 0), "INSUFFICIENT_STOCK");
        assertThat(api.get(stack().url("inventory-svc") + "/api/inventory/" + mug).body().path("available").asLong())
                .as("the mug line reserved before the lamp line failed is released").isEqualTo(10);
    }

    @Test
    void anOrderBeyondTheWalletIsRejectedAndChargesNothing() {
        String bob = data.user("bob");
        assertThat(api.topUp(bob, 1000).status()).isEqualTo(201);
        Answer rejected = assertRejected(walletOrder(bob, List.of(item(lamp, 1)), 0), "INSUFFICIENT_FUNDS");
        assertThat(rejected.body().path("amountCents").asLong()).as("priced before payment refused").isEqualTo(4999);
        assertThat(rejected.body().path("amountPaidCents").asLong()).isZero();
        assertThat(api.get(stack().url("payment-svc") + "/api/wallets/" + bob).body().path("balanceCents").asLong()).isEqualTo(1000);
    }

    @Test
    void anOrderRedeemingMissingPointsIsRejectedAndFreezesNothing() {
        String carol = data.user("carol");
        assertThat(api.topUp(carol, 5000).status()).isEqualTo(201);
        assertThat(api.grantPoints(carol, 100).status()).isEqualTo(201);
        assertRejected(walletOrder(carol, List.of(item(mug, 1)), 500), "INSUFFICIENT_POINTS");
        assertThat(api.get(stack().url("payment-svc") + "/api/wallets/" + carol).body().path("balanceCents").asLong())
                .as("the money frozen by the payment Try is released").isEqualTo(5000);
    }

    @Test
    void anUnknownSkuIsRejected() {
        assertRejected(walletOrder(alice, List.of(item(data.sku("NOPE"), 1)), 0), "UNKNOWN_SKU");
    }

    @Test
    void redeemingMorePointsThanTheOrderCostsRedeemsOnlyTheCost() {
        String pen = data.sku("PEN");
        assertThat(api.restock(pen, 300, 5).status()).isEqualTo(201);
        Answer answer = api.placeOrder(TestData.key(), walletOrder(alice, List.of(item(pen, 1)), 500));

        assertThat(answer.body().path("status").asText()).as(answer.toString()).isEqualTo("PAID");
        assertThat(answer.body().path("pointsRedeemed").asLong()).as("min(500 asked, 300 cost)").isEqualTo(300);
        assertThat(answer.body().path("amountPaidCents").asLong()).isZero();
        assertThat(answer.body().path("pointsEarned").asLong()).isZero();
        invariants.awaitSettledAndAssertAll();
        assertThat(api.get(stack().url("points-svc") + "/api/points/" + alice).body().path("balance").asLong()).isEqualTo(200);
    }

    @Test
    void theSameKeyAndBodyReplayTheFirstAnswerAndRunOnce() {
        String key = TestData.key();
        Map<String, Object> order = walletOrder(alice, List.of(item(mug, 1)), 0);
        Answer first = api.placeOrder(key, order);
        Answer again = api.placeOrder(key, order);

        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.status()).isEqualTo(first.status());
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(invariants.orders()).hasSize(1);
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedAndChangesNothing() {
        String key = TestData.key();
        assertThat(api.placeOrder(key, walletOrder(alice, List.of(item(mug, 1)), 0)).status()).isEqualTo(201);
        Answer reused = api.placeOrder(key, walletOrder(alice, List.of(item(mug, 2)), 0));

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.body().path("type").asText()).isEqualTo("idempotency-key-reused");
        assertThat(invariants.orders()).hasSize(1);
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void anUnknownOrderIsA404Problem() {
        Answer answer = api.getOrder(data.prefix() + "missing");
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().path("type").asText()).isEqualTo("not-found");
    }

    private Answer assertRejected(Map<String, Object> order, String reason) {
        Answer answer = api.placeOrder(TestData.key(), order);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.body().path("status").asText()).isEqualTo("REJECTED");
        assertThat(answer.body().path("reason").asText()).isEqualTo(reason);
        assertThat(answer.body().path("pointsEarned").asLong()).isZero();
        invariants.awaitSettledAndAssertAll();
        assertThat(invariants.orderCountsByStatus()).containsEntry("REJECTED", 1L).doesNotContainKey("PAID");
        return answer;
    }
}
