package dev.orderplatform.inventory.domain;

/** Stock of one SKU as the database holds it. */
public record StockLevel(String sku, long priceCents, long available, long reserved, long sold, long version) {

    /** Everything ever put in, still available, held for orders, or sold. */
    public long onHand() {
        return available + reserved + sold;
    }

    /** How the ledger must change when an operator sets the available quantity to {@code newAvailable}. */
    public long receiptFor(long newAvailable) {
        if (newAvailable < 0) {
            throw new IllegalArgumentException("available cannot be negative");
        }
        return newAvailable - available;
    }
}
