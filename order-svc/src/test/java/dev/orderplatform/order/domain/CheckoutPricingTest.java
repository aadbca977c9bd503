package dev.orderplatform.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckoutPricingTest {

    @Test
    void pointsRedeemCentsOneForOneAndThePaidAmountEarnsOnePointPerHundredCents() {
        CheckoutPricing pricing = CheckoutPricing.of(List.of(new OrderLine("MUG", 2, 1250L)), 300);
        assertThat(pricing).isEqualTo(new CheckoutPricing(2500, 300, 2200, 22));
    }

    @Test
    void earnedPointsAreRoundedDown() {
        assertThat(CheckoutPricing.of(List.of(new OrderLine("A", 1, 199L)), 0).pointsEarned()).isEqualTo(1);
        assertThat(CheckoutPricing.of(List.of(new OrderLine("A", 1, 99L)), 0).pointsEarned()).isZero();
    }

    @Test
    void redeemingMoreThanTheOrderCostsRedeemsOnlyTheCost() {
        CheckoutPricing pricing = CheckoutPricing.of(List.of(new OrderLine("PEN", 1, 300L)), 5000);
        assertThat(pricing).isEqualTo(new CheckoutPricing(300, 300, 0, 0));
    }

    @Test
    void linesAddUp() {
        CheckoutPricing pricing = CheckoutPricing.of(List.of(new OrderLine("A", 3, 100L), new OrderLine("B", 1, 55L)), 0);
        assertThat(pricing.amountCents()).isEqualTo(355);
    }

    @Test
    void totalsAboveTheLimitOrOverflowingAreRefused() {
        assertThatThrownBy(() -> CheckoutPricing.of(List.of(new OrderLine("A", 2, 600_000_000_000L)), 0))
                .isInstanceOf(CheckoutPricing.AmountLimitExceeded.class);
        assertThatThrownBy(() -> CheckoutPricing.of(List.of(new OrderLine("A", 1_000_000_000_000L, 1_000_000_000_000L)), 0))
                .isInstanceOf(CheckoutPricing.AmountLimitExceeded.class);
    }

    @Test
    void anUnpricedLineCannotBePriced() {
        assertThatThrownBy(() -> CheckoutPricing.of(List.of(new OrderLine("A", 1, null)), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
