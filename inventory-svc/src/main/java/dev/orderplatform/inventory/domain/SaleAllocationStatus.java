package dev.orderplatform.inventory.domain;

/** OPEN: purchases take units and cancelled ones give them back to the sale. CLOSED: what was left is back in stock. */
public enum SaleAllocationStatus {
    OPEN, CLOSED
}
