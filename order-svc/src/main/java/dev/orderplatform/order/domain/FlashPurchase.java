package dev.orderplatform.order.domain;

import java.time.Instant;
import java.util.List;

/**
 * A buyer's admitted purchase in a flash sale. {@code orderId} is chosen at admission, so that however often the
 * purchase is delivered, at most one order is made for it at a time; only an order that failed for a passing
 * reason ({@link #worthAnotherOrder}) is followed by another ({@code orderAttempts}). {@code seq}: its place among
 * the sale's admissions. {@code version}: 1 while QUEUED, 2 once finished (the purchase event stream's ids).
 */
public record FlashPurchase(String purchaseId, String saleId, String userId, int quantity, long redeemPoints, long seq,
                            String orderId, int orderAttempts, FlashPurchaseStatus status, RejectionReason reason,
                            Instant admittedAt, Instant finishedAt, long version) {

    public static FlashPurchase queued(String purchaseId, String saleId, String userId, int quantity, long redeemPoints,
                                       long seq, String orderId, Instant now) {
        return new FlashPurchase(purchaseId, saleId, userId, quantity, redeemPoints, seq, orderId, 1,
                FlashPurchaseStatus.QUEUED, null, now, null, 1);
    }

    /**
     * An order refused because a participant or the coordinator could not be reached in time says nothing about the
     * buyer: the purchase keeps its units and gets another order. Refusals about the buyer (funds, points) are final.
     */
    public static boolean worthAnotherOrder(RejectionReason reason) {
        return reason == RejectionReason.UNAVAILABLE || reason == RejectionReason.TIMEOUT;
    }

    /** The wallet order that makes this purchase, pending, for {@code sku}. */
    public Order order(String sku, Instant now, Instant deadline) {
        return Order.place(orderId, userId, List.of(new OrderLine(sku, quantity, null)), redeemPoints, PaymentMethod.WALLET,
                now, deadline);
    }

    /** What the same request must carry to be a retry of this purchase rather than another purchase under its key. */
    public String fingerprint() {
        return fingerprint(userId, quantity, redeemPoints);
    }

    public static String fingerprint(String userId, int quantity, long redeemPoints) {
        return userId + "|" + quantity + "|" + redeemPoints;
    }
}
