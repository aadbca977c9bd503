package dev.orderplatform.order.domain;

/** What a client sees of a sale (docs/api.md): before its window, inside it, or after it (or closed early). */
public enum FlashSaleStatus {
    SCHEDULED, OPEN, ENDED
}
