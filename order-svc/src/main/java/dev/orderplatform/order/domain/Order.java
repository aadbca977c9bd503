package dev.orderplatform.order.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An order and the rules of its life. Immutable: each change returns the next state, and every status
 * change increases {@code version} by one. Only a PENDING_PAYMENT order can change status.
 *
 * @param pricing  known once inventory priced the lines (null before, and for orders rejected for stock)
 * @param xid      WALLET: the global transaction, recorded just before its commit is requested (null before);
 *                 EXTERNAL: the opening saga's XID, recorded by its first step
 * @param deadline WALLET: when the global transaction times out (past it, an order without xid was rolled back);
 *                 EXTERNAL: payBefore, by when the provider must report a successful payment
 */
public record Order(
        String orderId,
        String userId,
        OrderStatus status,
        RejectionReason reason,
        PaymentMethod paymentMethod,
        List<OrderLine> lines,
        long pointsRequested,
        CheckoutPricing pricing,
        String paymentId,
        String xid,
        Instant deadline,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public Order {
        lines = List.copyOf(lines);
        Objects.requireNonNull(status);
    }

    public static Order place(String orderId, String userId, List<OrderLine> lines, long pointsRequested,
                              PaymentMethod paymentMethod, Instant now, Instant deadline) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        return new Order(orderId, userId, OrderStatus.PENDING_PAYMENT, null, paymentMethod, lines, pointsRequested,
                null, null, null, deadline, now, now, 1);
    }

    /** Every participant's part of an external checkout is held: the provider collects {@code paymentId}. */
    public Order paymentOpened(String paymentId) {
        requirePending();
        if (paymentMethod != PaymentMethod.EXTERNAL || pricing == null) {
            throw new IllegalStateException("only a priced external order opens a payment at the provider");
        }
        return new Order(orderId, userId, status, reason, paymentMethod, lines, pointsRequested, pricing,
                Objects.requireNonNull(paymentId), xid, deadline, createdAt, updatedAt, version);
    }

    /** An external order whose payment did not succeed by {@code payBefore}; its holds were released. */
    public Order expired(Instant now) {
        requirePending();
        if (paymentMethod != PaymentMethod.EXTERNAL) {
            throw new IllegalStateException("only an external order expires");
        }
        return new Order(orderId, userId, OrderStatus.EXPIRED, null, paymentMethod, lines, pointsRequested, pricing,
                paymentId, xid, deadline, createdAt, now, version + 1);
    }

    /** External checkout: by when the provider must report a successful payment (the order's deadline). */
    public Instant payBefore() {
        return paymentMethod == PaymentMethod.EXTERNAL ? deadline : null;
    }

    /** Inventory priced the lines. */
    public Order priced(List<OrderLine> pricedLines, CheckoutPricing pricing) {
        requirePending();
        return new Order(orderId, userId, status, reason, paymentMethod, pricedLines, pointsRequested, pricing,
                paymentId, xid, deadline, createdAt, updatedAt, version);
    }

    /** Every participant reserved; the commit is about to be requested for {@code xid}. */
    public Order approved(String xid, String paymentId) {
        requirePending();
        if (pricing == null) {
            throw new IllegalStateException("an order is priced before it is approved");
        }
        return new Order(orderId, userId, status, reason, paymentMethod, lines, pointsRequested, pricing,
                paymentId, xid, deadline, createdAt, updatedAt, version);
    }

    public Order paid(Instant now) {
        requirePending();
        if (xid == null) {
            throw new IllegalStateException("only an approved order can be paid");
        }
        return new Order(orderId, userId, OrderStatus.PAID, null, paymentMethod, lines, pointsRequested, pricing,
                paymentId, xid, deadline, createdAt, now, version + 1);
    }

    public Order rejected(RejectionReason why, Instant now) {
        requirePending();
        return new Order(orderId, userId, OrderStatus.REJECTED, Objects.requireNonNull(why), paymentMethod, lines,
                pointsRequested, pricing, paymentId, xid, deadline, createdAt, now, version + 1);
    }

    /**
     * The terminal state of a pending order whose global transaction ended with {@code outcome} — for an order
     * the initiator could not finish itself (its process died, or the TC's answer was lost).
     */
    public Order settledBy(GlobalOutcome outcome, Instant now) {
        return switch (outcome) {
            case COMMITTED -> paid(now);
            // whatever broke, the order did not complete within its global transaction's time
            case ROLLED_BACK -> rejected(RejectionReason.TIMEOUT, now);
            case UNDECIDED -> throw new IllegalArgumentException("an undecided transaction settles nothing");
        };
    }

    public boolean isTerminal() {
        return status.isTerminal();
    }

    /** Points actually redeemed: only a paid order redeems. */
    public long pointsRedeemed() {
        return status == OrderStatus.PAID ? pricing.pointsRedeemed() : 0;
    }

    /** Money actually paid: only a paid order pays. */
    public long amountPaidCents() {
        return status == OrderStatus.PAID ? pricing.amountPaidCents() : 0;
    }

    /** Points actually earned: only a paid order earns. */
    public long pointsEarned() {
        return status == OrderStatus.PAID ? pricing.pointsEarned() : 0;
    }

    public long amountCents() {
        return pricing == null ? 0 : pricing.amountCents();
    }

    private void requirePending() {
        if (status != OrderStatus.PENDING_PAYMENT) {
            throw new IllegalStateException("order " + orderId + " is already " + status);
        }
    }
}
