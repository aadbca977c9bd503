package dev.orderplatform.order.domain;

/** A line of an order; the unit price is known once inventory has reserved the line. */
public record OrderLine(String sku, long quantity, Long unitPriceCents) {

    public OrderLine priced(long unitPriceCents) {
        return new OrderLine(sku, quantity, unitPriceCents);
    }
}
