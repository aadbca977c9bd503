-- Flash-sale purchases (POST /api/flash-sales/{saleId}/purchases). The Redis script admits or refuses a buyer at
-- once; an admitted purchase is recorded here as the local transaction of its RocketMQ transactional message, so a
-- purchase is queued exactly when this row exists (the broker's check-back reads it). The consumer turns it into a
-- wallet checkout (order_id, chosen at admission, makes that happen at most once) and records how it ended.
--
-- flash_sales.admitted and flash_sale_buyers.units are the database's own count of the units that purchases hold
-- (QUEUED or PAID; a FAILED purchase gives its units back): guarded updates keep them within the sale's units and
-- each buyer's limit whatever Redis says, and a counter lost with Redis is rebuilt from them.
ALTER TABLE flash_sales
    ADD COLUMN admitted BIGINT NOT NULL DEFAULT 0,
    ADD CONSTRAINT chk_flash_sale_admitted CHECK (admitted >= 0 AND admitted <= units);

CREATE TABLE flash_purchases
(
    purchase_id   VARCHAR(64) NOT NULL,
    sale_id       VARCHAR(64) NOT NULL,
    user_id       VARCHAR(64) NOT NULL,
    quantity      INT         NOT NULL,
    redeem_points BIGINT      NOT NULL,
    -- the purchase's place in the sale's admissions (Redis), for the buyer's position in the queue
    seq           BIGINT      NOT NULL,
    order_id      VARCHAR(64) NOT NULL,
    -- orders placed for it: one more each time an order fails for a passing reason (a participant unavailable)
    order_attempts INT        NOT NULL DEFAULT 1,
    status        VARCHAR(16) NOT NULL,
    reason        VARCHAR(32) NULL,
    version       INT         NOT NULL,
    admitted_at   DATETIME(3) NOT NULL,
    finished_at   DATETIME(3) NULL,
    PRIMARY KEY (purchase_id),
    UNIQUE KEY uk_flash_purchases_order (order_id),
    KEY idx_flash_purchases_queue (sale_id, status, seq),
    KEY idx_flash_purchases_waiting (status, admitted_at),
    CONSTRAINT chk_flash_purchase CHECK (quantity > 0 AND redeem_points >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE flash_sale_buyers
(
    sale_id VARCHAR(64) NOT NULL,
    user_id VARCHAR(64) NOT NULL,
    units   BIGINT      NOT NULL,
    PRIMARY KEY (sale_id, user_id),
    CONSTRAINT chk_flash_sale_buyer CHECK (units >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
