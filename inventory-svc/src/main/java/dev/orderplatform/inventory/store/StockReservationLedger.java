package dev.orderplatform.inventory.store;

import dev.orderplatform.kit.ledger.JdbcOrderLedger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Stock held for orders, per SKU and reservation status (units), for order-svc's reconciliation. */
@Component
public class StockReservationLedger extends JdbcOrderLedger {

    public StockReservationLedger(JdbcTemplate jdbc) {
        super(jdbc, "inventory-svc", "stock", """
                SELECT order_id, sku AS entry_key, status, SUM(quantity) AS amount
                FROM stock_reservations WHERE order_id IN (:orderIds)
                GROUP BY order_id, sku, status""");
    }
}
