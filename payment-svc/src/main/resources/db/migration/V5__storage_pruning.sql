-- ShedLock: which payment-svc instance runs the storage pruning, and until when.
CREATE TABLE shedlock
(
    name       VARCHAR(64)  NOT NULL,
    lock_until TIMESTAMP(3) NOT NULL,
    locked_at  TIMESTAMP(3) NOT NULL,
    locked_by  VARCHAR(255) NOT NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- the pruning deletes anomalies oldest first
ALTER TABLE payment_callback_anomalies ADD KEY idx_anomalies_received (received_at);
