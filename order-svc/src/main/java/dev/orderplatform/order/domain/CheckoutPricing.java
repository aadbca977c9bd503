package dev.orderplatform.order.domain;

import java.util.List;

/**
 * What an order costs and how it is paid (docs/api.md): points redeem cents one for one, up to the order's amount
 * (asking to redeem more redeems only what the order costs); the rest is paid with money; a paid order earns
 * {@code floor(amountPaidCents / 100)} points.
 */
public record CheckoutPricing(long amountCents, long pointsRedeemed, long amountPaidCents, long pointsEarned) {

    /** Above this an order total is refused (docs/api.md: amounts over 10^12 are invalid). */
    public static final long MAX_AMOUNT_CENTS = 1_000_000_000_000L;

    public static CheckoutPricing of(List<OrderLine> pricedLines, long pointsRequested) {
        long amount = 0;
        try {
            for (OrderLine line : pricedLines) {
                if (line.unitPriceCents() == null) {
                    throw new IllegalArgumentException("line " + line.sku() + " has no price");
                }
                amount = Math.addExact(amount, Math.multiplyExact(line.quantity(), line.unitPriceCents()));
            }
        } catch (ArithmeticException overflow) {
            throw new AmountLimitExceeded(Long.MAX_VALUE);
        }
        if (amount > MAX_AMOUNT_CENTS) {
            throw new AmountLimitExceeded(amount);
        }
        long redeemed = Math.min(pointsRequested, amount);
        long paid = amount - redeemed;
        return new CheckoutPricing(amount, redeemed, paid, paid / 100);
    }

    /** The order total is above {@link #MAX_AMOUNT_CENTS}. */
    public static class AmountLimitExceeded extends RuntimeException {
        public AmountLimitExceeded(long amountCents) {
            super("order total " + amountCents + " exceeds " + MAX_AMOUNT_CENTS + " cents");
        }
    }
}
