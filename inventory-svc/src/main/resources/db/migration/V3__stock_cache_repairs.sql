-- SKUs whose stock-change message was dead-lettered (it could not be applied to the cache after every
-- redelivery): StockCacheRepair writes their current state from stock_items into the cache and deletes the row.
-- failed_at changes with every new failure, so a repair only deletes the failure it has seen.
CREATE TABLE stock_cache_repairs
(
    sku       VARCHAR(64) NOT NULL,
    failed_at DATETIME(6) NOT NULL,
    PRIMARY KEY (sku)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
