package dev.orderplatform.order.domain;

/**
 * Where a flash sale is in its life, as order-svc records it. ALLOCATING: inventory-svc has not confirmed its units
 * yet; ACTIVE: its units are set aside (the sale is scheduled, open or ended-but-not-closed by the clock); CLOSING: it
 * ended and no purchase waits in its queue, so nothing more can be admitted, and inventory-svc is giving back what
 * it did not sell; CLOSED: that is done; ABANDONING: its creation was cut short and whatever inventory-svc
 * may hold for it is being given back; ABANDONED: done. Only ACTIVE, CLOSING and CLOSED sales exist for clients.
 */
public enum FlashSaleState {
    ALLOCATING, ACTIVE, CLOSING, CLOSED, ABANDONING, ABANDONED;

    public boolean visible() {
        return this == ACTIVE || this == CLOSING || this == CLOSED;
    }
}
