package dev.orderplatform.order.domain;

/**
 * Where a flash sale is in its life, as order-svc records it. ALLOCATING: inventory-svc has not confirmed its units
 * yet; ACTIVE: its units are set aside (the sale is scheduled, open or ended-but-not-closed by the clock); CLOSED: it
 * ended and what it did not sell is back in stock; ABANDONING: its creation was cut short and whatever inventory-svc
 * may hold for it is being given back; ABANDONED: done. Only ACTIVE and CLOSED sales exist for clients.
 */
public enum FlashSaleState {
    ALLOCATING, ACTIVE, CLOSED, ABANDONING, ABANDONED;

    public boolean visible() {
        return this == ACTIVE || this == CLOSED;
    }
}
