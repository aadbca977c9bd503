-- The Seata TC's session store (store.mode=db). Columns are what Seata 2.0's LogStoreDataBaseDAO,
-- LockStoreDataBaseDAO and DataBaseDistributedLocker read and write. Every statement is idempotent.
-- Loaded by ./stack into its MariaDB (database seata_tc, SeataServer.java) before the TC starts, and by a
-- deployment's MySQL on its first start (database seata: deploy/compose.yaml, deploy/kubernetes).
CREATE TABLE IF NOT EXISTS global_table
(
    xid                       VARCHAR(128) NOT NULL,
    transaction_id            BIGINT       NOT NULL,
    status                    TINYINT      NOT NULL,
    application_id            VARCHAR(32),
    transaction_service_group VARCHAR(32),
    transaction_name          VARCHAR(128),
    timeout                   INT          NOT NULL,
    begin_time                BIGINT       NOT NULL,
    application_data          VARCHAR(2000),
    gmt_create                DATETIME,
    gmt_modified              DATETIME,
    PRIMARY KEY (xid),
    KEY idx_status_gmt_modified (status, gmt_modified),
    KEY idx_transaction_id (transaction_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS branch_table
(
    branch_id         BIGINT       NOT NULL,
    xid               VARCHAR(128) NOT NULL,
    transaction_id    BIGINT       NOT NULL,
    resource_group_id VARCHAR(32),
    resource_id       VARCHAR(256),
    branch_type       VARCHAR(8),
    status            TINYINT      NOT NULL,
    client_id         VARCHAR(64),
    application_data  VARCHAR(2000),
    gmt_create        DATETIME(6),
    gmt_modified      DATETIME(6),
    PRIMARY KEY (branch_id),
    KEY idx_xid (xid)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE IF NOT EXISTS lock_table
(
    row_key        VARCHAR(128) NOT NULL,
    xid            VARCHAR(128),
    transaction_id BIGINT       NOT NULL,
    branch_id      BIGINT       NOT NULL,
    resource_id    VARCHAR(256),
    table_name     VARCHAR(64),
    pk             VARCHAR(128),
    status         TINYINT      NOT NULL DEFAULT 0, -- 0 locked, 1 rollbacking
    gmt_create     DATETIME,
    gmt_modified   DATETIME,
    PRIMARY KEY (row_key),
    KEY idx_status (status),
    KEY idx_branch_id (branch_id),
    KEY idx_xid (xid)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- which TC instance runs each recovery task (one at a time when several TCs share the store)
CREATE TABLE IF NOT EXISTS distributed_lock
(
    lock_key   CHAR(20)    NOT NULL,
    lock_value VARCHAR(64) NOT NULL, -- the TC's address, e.g. ::ffff:127.0.0.1:8091
    expire     BIGINT,
    PRIMARY KEY (lock_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
