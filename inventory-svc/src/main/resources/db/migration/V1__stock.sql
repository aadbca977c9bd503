-- Stock per SKU. available + reserved + sold always equals the sum of this SKU's stock_receipts.
CREATE TABLE stock_items
(
    sku         VARCHAR(64) NOT NULL,
    price_cents BIGINT      NOT NULL,
    available   BIGINT      NOT NULL,
    reserved    BIGINT      NOT NULL DEFAULT 0,
    sold        BIGINT      NOT NULL DEFAULT 0,
    -- increases with every change of the row; the stock cache orders updates by it
    version     BIGINT      NOT NULL,
    created_at  DATETIME(3) NOT NULL,
    updated_at  DATETIME(3) NOT NULL,
    PRIMARY KEY (sku),
    CONSTRAINT chk_stock_not_negative CHECK (available >= 0 AND reserved >= 0 AND sold >= 0 AND price_cents >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Ledger of stock put in (first stock and every restock, negative for a write-down).
CREATE TABLE stock_receipts
(
    id          BIGINT      NOT NULL AUTO_INCREMENT,
    sku         VARCHAR(64) NOT NULL,
    quantity    BIGINT      NOT NULL,
    created_at  DATETIME(3) NOT NULL,
    PRIMARY KEY (id),
    KEY idx_receipts_sku (sku)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per SKU reserved by a TCC branch (reserve-stock). RESERVED until the branch is confirmed
-- (CONFIRMED: counted as sold) or cancelled (CANCELLED: back to available).
CREATE TABLE stock_reservations
(
    xid              VARCHAR(128) NOT NULL,
    branch_id        BIGINT       NOT NULL,
    sku              VARCHAR(64)  NOT NULL,
    order_id         VARCHAR(64)  NOT NULL,
    quantity         BIGINT       NOT NULL,
    unit_price_cents BIGINT       NOT NULL,
    status           VARCHAR(16)  NOT NULL,
    created_at       DATETIME(3)  NOT NULL,
    updated_at       DATETIME(3)  NOT NULL,
    PRIMARY KEY (xid, branch_id, sku),
    KEY idx_reservations_order (order_id),
    KEY idx_reservations_status (status, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
