-- Straggler resolution. One row per straggler the job or an operator run has tried to resolve: its attempts, when
-- it may be tried again (exponential backoff with jitter), and whether it is parked (too many attempts: left to an
-- operator, never retried by the job). straggler_id is "order:<orderId>", "saga:<instanceId>" or
-- "tcc:<action>:<xid>:<branchId>".
CREATE TABLE straggler_ledger
(
    straggler_id    VARCHAR(300)  NOT NULL,
    kind            VARCHAR(16)   NOT NULL,
    order_id        VARCHAR(64)   NULL,
    xid             VARCHAR(128)  NULL,
    what            VARCHAR(500)  NOT NULL,
    attempts        INT           NOT NULL,
    last_error      VARCHAR(1000) NULL,
    last_attempt_at DATETIME(3)   NULL,
    next_attempt_at DATETIME(3)   NULL,
    parked_at       DATETIME(3)   NULL,
    resolved_at     DATETIME(3)   NULL,
    resolution      VARCHAR(500)  NULL,
    PRIMARY KEY (straggler_id),
    KEY idx_straggler_ledger_order (order_id),
    KEY idx_straggler_ledger_parked (parked_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Every run of the scheduled straggler job, by instance: evidence that one instance at a time runs it.
CREATE TABLE straggler_job_runs
(
    run_no      BIGINT       NOT NULL AUTO_INCREMENT,
    instance    VARCHAR(128) NOT NULL,
    started_at  DATETIME(3)  NOT NULL,
    finished_at DATETIME(3)  NULL,
    examined    INT          NOT NULL DEFAULT 0,
    resolved    INT          NOT NULL DEFAULT 0,
    failed      INT          NOT NULL DEFAULT 0,
    parked      INT          NOT NULL DEFAULT 0,
    PRIMARY KEY (run_no),
    KEY idx_straggler_job_runs_started (started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Operator compensation runs (POST /admin/compensation-runs): dry runs plan, real runs act; items say per straggler
-- what was found, what was (or would be) done, and the result. Reconciliation records its drifts the same way, as a
-- dry run whose items propose the compensation.
CREATE TABLE compensation_runs
(
    run_id       VARCHAR(40)  NOT NULL,
    source       VARCHAR(16)  NOT NULL, -- STRAGGLERS (an operator's run) or RECONCILIATION (drifts, always dry)
    dry_run      BOOLEAN      NOT NULL,
    older_than   VARCHAR(32)  NOT NULL,
    max_items    INT          NOT NULL,
    order_ids    TEXT         NULL,
    requested_by VARCHAR(64)  NOT NULL,
    status       VARCHAR(16)  NOT NULL, -- RUNNING, FINISHED
    total        INT          NOT NULL DEFAULT 0,
    done         INT          NOT NULL DEFAULT 0,
    failed       INT          NOT NULL DEFAULT 0,
    parked       INT          NOT NULL DEFAULT 0,
    created_at   DATETIME(3)  NOT NULL,
    finished_at  DATETIME(3)  NULL,
    PRIMARY KEY (run_id),
    KEY idx_compensation_runs_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE compensation_run_items
(
    run_id       VARCHAR(40)   NOT NULL,
    item_no      INT           NOT NULL,
    straggler_id VARCHAR(300)  NOT NULL,
    kind         VARCHAR(16)   NOT NULL,
    order_id     VARCHAR(64)   NULL,
    found        VARCHAR(1000) NOT NULL,
    action       VARCHAR(32)   NULL,
    evidence     VARCHAR(1000) NULL,
    result       VARCHAR(16)   NOT NULL, -- PENDING, PLANNED (dry run), DONE, FAILED, PARKED
    detail       VARCHAR(1000) NULL,
    finished_at  DATETIME(3)   NULL,
    PRIMARY KEY (run_id, item_no)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- Every operator action and every resolution the job made: who, when, what, on what, why, and how it ended.
CREATE TABLE admin_audit
(
    audit_id BIGINT        NOT NULL AUTO_INCREMENT,
    at       DATETIME(3)   NOT NULL,
    actor    VARCHAR(64)   NOT NULL,
    action   VARCHAR(64)   NOT NULL,
    target   VARCHAR(300)  NULL,
    reason   VARCHAR(500)  NULL,
    request  TEXT          NULL,
    result   VARCHAR(32)   NOT NULL,
    detail   VARCHAR(1000) NULL,
    PRIMARY KEY (audit_id),
    KEY idx_admin_audit_at (at),
    KEY idx_admin_audit_target (target)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
