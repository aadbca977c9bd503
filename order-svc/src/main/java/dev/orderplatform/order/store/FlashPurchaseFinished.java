package dev.orderplatform.order.store;

/**
 * Published (as a Spring application event, inside the transaction that made it) when a flash-sale purchase
 * finished, PAID or FAILED — its {@code version} 2. Listeners act after the commit.
 */
public record FlashPurchaseFinished(String purchaseId, long version) {
}
