-- A user's wallet. balance + frozen + spent - refunded always equals the sum of the user's wallet_top_ups.
CREATE TABLE wallets
(
    user_id        VARCHAR(64) NOT NULL,
    balance_cents  BIGINT      NOT NULL DEFAULT 0,
    frozen_cents   BIGINT      NOT NULL DEFAULT 0,
    spent_cents    BIGINT      NOT NULL DEFAULT 0,
    refunded_cents BIGINT      NOT NULL DEFAULT 0,
    version        BIGINT      NOT NULL DEFAULT 1,
    created_at     DATETIME(3) NOT NULL,
    updated_at     DATETIME(3) NOT NULL,
    PRIMARY KEY (user_id),
    CONSTRAINT chk_wallet_not_negative CHECK (balance_cents >= 0 AND frozen_cents >= 0 AND spent_cents >= 0 AND refunded_cents >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Ledger of money put into wallets; one row per top-up request (its Idempotency-Key is unique).
CREATE TABLE wallet_top_ups
(
    top_up_id       VARCHAR(64)  NOT NULL,
    user_id         VARCHAR(64)  NOT NULL,
    amount_cents    BIGINT       NOT NULL,
    idempotency_key VARCHAR(128) NOT NULL,
    created_at      DATETIME(3)  NOT NULL,
    PRIMARY KEY (top_up_id),
    UNIQUE KEY uk_top_ups_key (idempotency_key),
    KEY idx_top_ups_user (user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Payments of orders. A WALLET payment is created PENDING by the Try of freeze-wallet-funds (its amount is
-- frozen in the wallet), becomes SUCCEEDED on Confirm (frozen -> spent) or FAILED on Cancel (frozen -> balance).
CREATE TABLE payments
(
    payment_id   VARCHAR(64)  NOT NULL,
    order_id     VARCHAR(64)  NOT NULL,
    user_id      VARCHAR(64)  NOT NULL,
    method       VARCHAR(16)  NOT NULL,
    amount_cents BIGINT       NOT NULL,
    status       VARCHAR(16)  NOT NULL,
    xid          VARCHAR(128) NULL,
    branch_id    BIGINT       NULL,
    created_at   DATETIME(3)  NOT NULL,
    updated_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (payment_id),
    UNIQUE KEY uk_payments_branch (xid, branch_id),
    KEY idx_payments_order (order_id),
    KEY idx_payments_user (user_id, status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
