package dev.orderplatform.kit.ledger;

import java.util.Collection;
import java.util.List;

/**
 * What a participant's own ledger holds for orders, read from its database and nothing else (not the TC, not the
 * fence): stock reservations, payments. order-svc's reconciliation compares these with its orders.
 */
public interface OrderLedger {

    /**
     * One line of a participant's ledger for an order: what it is ({@code stock}, {@code payment}), which one (a
     * SKU, a payment id), its status in the participant's own words, and the amount (units, cents).
     */
    record Entry(String orderId, String participant, String what, String key, String status, long amount) {
    }

    /** The entries for these orders; orders the participant never saw have none. */
    List<Entry> entries(Collection<String> orderIds);
}
