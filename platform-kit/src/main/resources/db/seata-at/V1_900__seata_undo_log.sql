-- Seata AT mode's undo log, in the participant's own database: the before/after images of each AT branch,
-- written in the branch's local transaction and used by phase two to roll it back. Only the benchmark's "at"
-- scenario (stack started with --bench) writes here; the shipped checkout is TCC. Shape required by Seata
-- 2.0.0's MySQL UndoLogManager; no Seata jar ships this DDL.
-- Version 1.900, so that it also applies to databases that already have the services' V1 schemas.
CREATE TABLE IF NOT EXISTS undo_log
(
    branch_id     BIGINT       NOT NULL,
    xid           VARCHAR(128) NOT NULL,
    context       VARCHAR(128) NOT NULL,
    rollback_info LONGBLOB     NOT NULL,
    log_status    INT          NOT NULL,
    log_created   DATETIME(6)  NOT NULL,
    log_modified  DATETIME(6)  NOT NULL,
    UNIQUE KEY ux_undo_log (xid, branch_id),
    KEY ix_log_created (log_created)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
