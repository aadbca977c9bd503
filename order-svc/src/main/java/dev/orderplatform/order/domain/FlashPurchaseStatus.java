package dev.orderplatform.order.domain;

/**
 * Where a flash-sale purchase is (docs/api.md): QUEUED — admitted, its order not made yet; PAID — its order was paid
 * ({@code orderId}); FAILED — its order was refused ({@code reason}) and its units went back to the sale.
 */
public enum FlashPurchaseStatus {
    QUEUED, PAID, FAILED;

    public boolean isTerminal() {
        return this != QUEUED;
    }
}
