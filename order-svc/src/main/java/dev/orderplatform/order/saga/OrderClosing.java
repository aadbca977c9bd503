package dev.orderplatform.order.saga;

/**
 * Values of an external order's {@code closing} claim besides the rejection reasons: how a pending order is
 * closing, decided once (see V4__external_checkout.sql).
 */
public final class OrderClosing {

    /** The provider reported the payment succeeded: the order is being settled (stock sold, points redeemed). */
    public static final String PAID = "PAID";
    /** No successful payment by payBefore: the order's holds are being released. */
    public static final String EXPIRED = "EXPIRED";

    private OrderClosing() {
    }
}
