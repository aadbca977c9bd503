-- One row per local transaction that changed stock: the body of the transactional message that carries the
-- new state of its SKUs to the stock cache. Written in the same transaction as the change, so the broker's
-- check-back can ask the database whether the change committed (row present) or not (row absent). Kept as
-- evidence for a while (platform.stock-cache.journal-retention), then pruned.
CREATE TABLE stock_change_messages
(
    change_id  VARCHAR(36)   NOT NULL,
    body       TEXT          NOT NULL,
    created_at DATETIME(3)   NOT NULL,
    PRIMARY KEY (change_id),
    KEY idx_stock_change_messages_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
