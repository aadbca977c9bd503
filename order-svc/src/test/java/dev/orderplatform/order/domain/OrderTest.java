package dev.orderplatform.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    private static Order placed() {
        return Order.place("o1", "u1", List.of(new OrderLine("MUG", 2, null)), 300, PaymentMethod.WALLET, NOW,
                NOW.plusSeconds(30));
    }

    private static Order approved() {
        List<OrderLine> priced = List.of(new OrderLine("MUG", 2, 1250L));
        return placed().priced(priced, CheckoutPricing.of(priced, 300)).approved("xid-1", "pay-1");
    }

    @Test
    void aNewOrderIsPendingAtVersionOne() {
        Order order = placed();
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(order.version()).isEqualTo(1);
        assertThat(order.isTerminal()).isFalse();
        assertThat(order.amountPaidCents()).isZero();
    }

    @Test
    void everyStatusChangeAddsOneToTheVersion() {
        Order paid = approved().paid(NOW.plusSeconds(1));
        assertThat(paid.version()).isEqualTo(2);
        assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
        assertThat(placed().rejected(RejectionReason.INSUFFICIENT_STOCK, NOW).version()).isEqualTo(2);
    }

    @Test
    void onlyAPaidOrderCountsAsPaidRedeemedAndEarned() {
        Order paid = approved().paid(NOW);
        assertThat(paid.amountPaidCents()).isEqualTo(2200);
        assertThat(paid.pointsRedeemed()).isEqualTo(300);
        assertThat(paid.pointsEarned()).isEqualTo(22);
        Order rejected = approved().rejected(RejectionReason.TIMEOUT, NOW);
        assertThat(rejected.amountPaidCents()).isZero();
        assertThat(rejected.pointsRedeemed()).isZero();
        assertThat(rejected.pointsEarned()).isZero();
        assertThat(rejected.amountCents()).as("what it would have cost is kept").isEqualTo(2500);
    }

    @Test
    void aTerminalOrderNeverChangesAgain() {
        Order paid = approved().paid(NOW);
        assertThatThrownBy(() -> paid.rejected(RejectionReason.TIMEOUT, NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> paid.paid(NOW)).isInstanceOf(IllegalStateException.class);
        Order rejected = placed().rejected(RejectionReason.UNKNOWN_SKU, NOW);
        assertThatThrownBy(() -> rejected.paid(NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOrderIsPaidOnlyAfterItsGlobalTransactionWasRecorded() {
        assertThatThrownBy(() -> placed().paid(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> placed().approved("xid", "pay")).as("priced first").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anOrderLeftPendingIsSettledByItsGlobalTransactionsOutcome() {
        assertThat(approved().settledBy(GlobalOutcome.COMMITTED, NOW).status()).isEqualTo(OrderStatus.PAID);
        Order rolledBack = approved().settledBy(GlobalOutcome.ROLLED_BACK, NOW);
        assertThat(rolledBack.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(rolledBack.reason()).isEqualTo(RejectionReason.TIMEOUT);
        assertThat(placed().settledBy(GlobalOutcome.ROLLED_BACK, NOW).status()).as("never began").isEqualTo(OrderStatus.REJECTED);
        assertThatThrownBy(() -> approved().settledBy(GlobalOutcome.UNDECIDED, NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOrderNeedsALine() {
        assertThatThrownBy(() -> Order.place("o", "u", List.of(), 0, PaymentMethod.WALLET, NOW, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anExternalOrderIsPayableUntilItsDeadlineAndExpiresWithoutAReason() {
        List<OrderLine> priced = List.of(new OrderLine("MUG", 1, 1250L));
        Order external = Order.place("o2", "u1", List.of(new OrderLine("MUG", 1, null)), 0, PaymentMethod.EXTERNAL, NOW,
                NOW.plusSeconds(900)).priced(priced, CheckoutPricing.of(priced, 0)).paymentOpened("pay-2");
        assertThat(external.payBefore()).isEqualTo(NOW.plusSeconds(900));
        assertThat(external.paymentId()).isEqualTo("pay-2");
        assertThat(external.version()).as("opening the payment is not a status change").isEqualTo(1);

        Order expired = external.expired(NOW.plusSeconds(901));
        assertThat(expired.status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(expired.reason()).isNull();
        assertThat(expired.version()).isEqualTo(2);
        assertThat(expired.amountPaidCents()).isZero();
        assertThatThrownBy(() -> expired.expired(NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void onlyAnExternalOrderHasAPayBeforeOrExpires() {
        assertThat(placed().payBefore()).isNull();
        assertThatThrownBy(() -> placed().expired(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> approved().paymentOpened("pay")).isInstanceOf(IllegalStateException.class);
    }
}
