-- Orders. status: PENDING_PAYMENT -> PAID | REJECTED | EXPIRED; version increases on every status change.
-- xid is set (with the pricing and payment id) just before the commit is requested: an order without it
-- can only have been rolled back.
CREATE TABLE orders
(
    order_id          VARCHAR(64)  NOT NULL,
    user_id           VARCHAR(64)  NOT NULL,
    status            VARCHAR(24)  NOT NULL,
    reason            VARCHAR(32)  NULL,
    payment_method    VARCHAR(16)  NOT NULL,
    points_requested  BIGINT       NOT NULL,
    amount_cents      BIGINT       NULL,
    points_redeemed   BIGINT       NULL,
    amount_paid_cents BIGINT       NULL,
    points_earned     BIGINT       NULL,
    payment_id        VARCHAR(64)  NULL,
    pay_before        DATETIME(3)  NULL,
    xid               VARCHAR(128) NULL,
    deadline          DATETIME(3)  NOT NULL,
    created_at        DATETIME(3)  NOT NULL,
    updated_at        DATETIME(3)  NOT NULL,
    version           BIGINT       NOT NULL,
    PRIMARY KEY (order_id),
    KEY idx_orders_user (user_id, created_at),
    KEY idx_orders_status (status, deadline)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE order_items
(
    order_id         VARCHAR(64) NOT NULL,
    line_no          INT         NOT NULL,
    sku              VARCHAR(64) NOT NULL,
    quantity         BIGINT      NOT NULL,
    unit_price_cents BIGINT      NULL,
    PRIMARY KEY (order_id, line_no)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
