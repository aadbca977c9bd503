-- Seata's TCC fence table (useTCCFence = true), in the participant's own database so that the fence row
-- and the business change commit in one local transaction. Shape required by Seata 2.0.0's
-- CommonFenceStoreDataBaseDAO; no Seata jar ships this DDL.
-- status: 1 tried, 2 committed, 3 rollbacked, 4 suspended (a Cancel that came without its Try).
CREATE TABLE IF NOT EXISTS tcc_fence_log
(
    xid          VARCHAR(128) NOT NULL,
    branch_id    BIGINT       NOT NULL,
    action_name  VARCHAR(64)  NOT NULL,
    status       TINYINT      NOT NULL,
    gmt_create   DATETIME(3)  NOT NULL,
    gmt_modified DATETIME(3)  NOT NULL,
    PRIMARY KEY (xid, branch_id),
    KEY idx_tcc_fence_gmt_modified (gmt_modified),
    KEY idx_tcc_fence_status (status)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
