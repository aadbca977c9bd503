package dev.orderplatform.payment.store;

import dev.orderplatform.kit.ledger.JdbcOrderLedger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Payments of orders (cents, with their status), for order-svc's reconciliation. */
@Component
public class PaymentLedger extends JdbcOrderLedger {

    public PaymentLedger(JdbcTemplate jdbc) {
        super(jdbc, "payment-svc", "payment", """
                SELECT order_id, payment_id AS entry_key, status, amount_cents AS amount
                FROM payments WHERE order_id IN (:orderIds)""");
    }
}
