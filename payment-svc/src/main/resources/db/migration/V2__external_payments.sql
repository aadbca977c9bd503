-- External (provider) payments. A payment of method EXTERNAL is created PENDING by the external checkout saga
-- (its xid/branch_id are the order's saga branch, platform-kit's SagaBranch) and moved by the provider's
-- callbacks: SUCCEEDED or FAILED; cancelled by the saga's compensation (FAILED); a success for an order that
-- did not take it is refunded (REFUNDED).
ALTER TABLE payments ADD COLUMN pay_before DATETIME(3) NULL;

-- At most one refund per payment (the unique key is the "exactly once"); refund_id is also the provider's
-- idempotency key, so a refund retried after a crash is not paid twice.
CREATE TABLE payment_refunds
(
    refund_id    VARCHAR(80) NOT NULL,
    payment_id   VARCHAR(64) NOT NULL,
    order_id     VARCHAR(64) NOT NULL,
    amount_cents BIGINT      NOT NULL,
    created_at   DATETIME(3) NOT NULL,
    PRIMARY KEY (refund_id),
    UNIQUE KEY uk_refunds_payment (payment_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Inbox of verified provider callbacks: written before the provider gets its 200, so an event is never lost
-- if the process dies right after answering; event_id is the deduplication. processed_at stays NULL until the
-- event's effect (payment status, order-svc told) is done; claimed_until lets one instance work on it at a time.
CREATE TABLE payment_callback_inbox
(
    event_id      VARCHAR(64)  NOT NULL,
    payment_id    VARCHAR(64)  NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    amount_cents  BIGINT       NOT NULL,
    occurred_at   DATETIME(3)  NOT NULL,
    raw_body      TEXT         NOT NULL,
    received_at   DATETIME(3)  NOT NULL,
    attempts      INT          NOT NULL DEFAULT 0,
    claimed_until DATETIME(3)  NULL,
    processed_at  DATETIME(3)  NULL,
    outcome       VARCHAR(255) NULL,
    PRIMARY KEY (event_id),
    KEY idx_inbox_pending (processed_at, received_at),
    KEY idx_inbox_payment (payment_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Signed callbacks that did not match what we know (unknown payment, other amount): kept for operators; they
-- change nothing.
CREATE TABLE payment_callback_anomalies
(
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    event_id    VARCHAR(128) NULL,
    payment_id  VARCHAR(128) NULL,
    reason      VARCHAR(255) NOT NULL,
    raw_body    TEXT         NOT NULL,
    received_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    KEY idx_anomalies_payment (payment_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
