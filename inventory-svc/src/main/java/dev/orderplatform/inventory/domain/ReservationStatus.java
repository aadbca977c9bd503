package dev.orderplatform.inventory.domain;

/** Life of a stock reservation: RESERVED by Try, then CONFIRMED (sold) or CANCELLED (back to available). */
public enum ReservationStatus {
    RESERVED,
    CONFIRMED,
    CANCELLED
}
