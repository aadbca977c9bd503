package dev.orderplatform.order.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class FlashPurchaseTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void onlyAnOrderThatFailedForAReasonOutsideTheBuyerIsFollowedByAnother() {
        EnumSet<RejectionReason> passing = EnumSet.of(RejectionReason.UNAVAILABLE, RejectionReason.TIMEOUT);
        Arrays.stream(RejectionReason.values()).forEach(reason -> assertThat(FlashPurchase.worthAnotherOrder(reason))
                .as(reason.name()).isEqualTo(passing.contains(reason)));
    }

    @Test
    void itsOrderIsAPendingWalletOrderOfItsUnitsUnderTheIdChosenAtAdmission() {
        FlashPurchase purchase = FlashPurchase.queued("fp-1", "fs-1", "ann", 2, 30, 5, "ord-1", NOW);
        Order order = purchase.order("SKU", NOW, NOW.plusSeconds(30));
        assertThat(order.orderId()).isEqualTo("ord-1");
        assertThat(order.paymentMethod()).isEqualTo(PaymentMethod.WALLET);
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(order.lines()).singleElement().satisfies(line -> {
            assertThat(line.sku()).isEqualTo("SKU");
            assertThat(line.quantity()).isEqualTo(2);
        });
        assertThat(order.pointsRequested()).isEqualTo(30);
        assertThat(purchase.status()).isEqualTo(FlashPurchaseStatus.QUEUED);
        assertThat(purchase.version()).isEqualTo(1);
        assertThat(purchase.fingerprint()).isEqualTo("ann|2|30");
    }
}
