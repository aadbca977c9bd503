-- Flash sales (POST /admin/flash-sales). A sale is ALLOCATING until inventory-svc has set its units aside, then
-- ACTIVE; CLOSED once it ended and inventory-svc gave back what it did not sell (returned); ABANDONED if the units
-- could not be set aside (whatever inventory-svc holds for it is given back). Only ACTIVE and CLOSED sales are shown.
CREATE TABLE flash_sales
(
    sale_id        VARCHAR(64) NOT NULL,
    sku            VARCHAR(64) NOT NULL,
    units          BIGINT      NOT NULL,
    price_cents    BIGINT      NOT NULL,
    starts_at      DATETIME(3) NOT NULL,
    ends_at        DATETIME(3) NOT NULL,
    per_user_limit INT         NOT NULL,
    state          VARCHAR(16) NOT NULL,
    returned       BIGINT      NULL,
    created_by     VARCHAR(64) NOT NULL,
    created_at     DATETIME(3) NOT NULL,
    updated_at     DATETIME(3) NOT NULL,
    closed_at      DATETIME(3) NULL,
    PRIMARY KEY (sale_id),
    KEY idx_flash_sales_state (state, ends_at),
    CONSTRAINT chk_flash_sale_terms CHECK (units > 0 AND price_cents >= 0 AND per_user_limit > 0 AND ends_at > starts_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
