package dev.orderplatform.inventory.domain;

/**
 * The units of one SKU set aside for one flash sale, where they are now: {@code units = remaining + reserved + sold +
 * returned}.
 */
public record SaleAllocation(String saleId, String sku, long priceCents, long units, long remaining, long reserved,
                             long sold, long returned, SaleAllocationStatus status) {

    /** Whether a repeated request to allocate describes this same allocation (then it is answered, not refused). */
    public boolean sameTerms(String sku, long priceCents, long units) {
        return this.sku.equals(sku) && this.priceCents == priceCents && this.units == units;
    }
}
