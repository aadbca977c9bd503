-- Flash sales: units of a SKU set aside for one sale (order-svc's flash_sales). They leave stock_items.available
-- for stock_items.allocated when the sale is created; a purchase's reservation takes them from there; a cancelled
-- purchase gives them back to the sale while it is open, to available once it is closed; closing the sale returns
-- what is left to available, exactly once. Per SKU: available + allocated + reserved + sold = its stock_receipts.
ALTER TABLE stock_items
    ADD COLUMN allocated BIGINT NOT NULL DEFAULT 0 AFTER available,
    ADD CONSTRAINT chk_stock_allocated_not_negative CHECK (allocated >= 0);

-- Per sale: units = remaining + reserved + sold + returned, always (the CHECK holds every update to it).
CREATE TABLE sale_allocations
(
    sale_id     VARCHAR(64) NOT NULL,
    sku         VARCHAR(64) NOT NULL,
    price_cents BIGINT      NOT NULL,
    units       BIGINT      NOT NULL,
    -- not taken by any purchase (counted in stock_items.allocated)
    remaining   BIGINT      NOT NULL,
    -- held by purchases whose checkout has not ended (counted in stock_items.reserved)
    reserved    BIGINT      NOT NULL DEFAULT 0,
    sold        BIGINT      NOT NULL DEFAULT 0,
    -- back in available: what was left at the close, and what purchases cancelled after it gave back
    returned    BIGINT      NOT NULL DEFAULT 0,
    status      VARCHAR(16) NOT NULL,
    created_at  DATETIME(3) NOT NULL,
    updated_at  DATETIME(3) NOT NULL,
    closed_at   DATETIME(3) NULL,
    PRIMARY KEY (sale_id),
    KEY idx_sale_allocations_sku (sku),
    CONSTRAINT chk_sale_units CHECK (units > 0 AND remaining >= 0 AND reserved >= 0 AND sold >= 0 AND returned >= 0
        AND remaining + reserved + sold + returned = units)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- The sale a reservation took its units from (NULL: ordinary stock), so that Cancel knows where they go back.
ALTER TABLE stock_reservations
    ADD COLUMN sale_id VARCHAR(64) NULL AFTER order_id;
