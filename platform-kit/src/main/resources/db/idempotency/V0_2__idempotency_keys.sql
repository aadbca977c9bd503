-- Idempotency-Key records (platform-kit IdempotencyGuard): one row per key and endpoint, kept 24 h.
-- Binary collation: keys and ids are case-sensitive ("abc" and "ABC" are different keys).
CREATE TABLE IF NOT EXISTS idempotency_keys
(
    scope         VARCHAR(64)  NOT NULL,
    idem_key      VARCHAR(128) NOT NULL,
    request_hash  CHAR(64)     NOT NULL,
    state         VARCHAR(16)  NOT NULL,
    resource_id   VARCHAR(64)  NULL,
    http_status   INT          NULL,
    response_body MEDIUMTEXT   NULL,
    lease_until   DATETIME(3)  NOT NULL,
    created_at    DATETIME(3)  NOT NULL,
    completed_at  DATETIME(3)  NULL,
    PRIMARY KEY (scope, idem_key),
    KEY idx_idempotency_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
