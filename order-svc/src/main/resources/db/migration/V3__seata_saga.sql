-- Seata Saga engine's state (io.seata 2.0.0, DbStateMachineConfig with table prefix seata_): the definitions it
-- loaded, one row per saga instance (id = the saga's XID; business_key is unique, so an order's saga cannot be
-- started twice) and one row per state execution. The engine reads and writes these columns by name.
CREATE TABLE seata_state_machine_def
(
    id               VARCHAR(32)  NOT NULL,
    name             VARCHAR(128) NOT NULL,
    tenant_id        VARCHAR(32)  NOT NULL,
    app_name         VARCHAR(32)  NOT NULL,
    type             VARCHAR(20)  NULL,
    comment_         VARCHAR(255) NULL,
    ver              VARCHAR(16)  NOT NULL,
    gmt_create       DATETIME(3)  NOT NULL,
    status           VARCHAR(2)   NOT NULL, -- AC active, IN inactive
    content          TEXT         NULL,
    recover_strategy VARCHAR(16)  NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE seata_state_machine_inst
(
    id                  VARCHAR(128) NOT NULL,
    machine_id          VARCHAR(32)  NOT NULL,
    tenant_id           VARCHAR(32)  NOT NULL,
    parent_id           VARCHAR(128) NULL,
    gmt_started         DATETIME(3)  NOT NULL,
    business_key        VARCHAR(48)  NULL,
    start_params        TEXT         NULL,
    gmt_end             DATETIME(3)  NULL,
    excep               BLOB         NULL,
    end_params          TEXT         NULL,
    status              VARCHAR(2)   NULL, -- SU succeeded, FA failed, UN unknown, SK skipped, RU running
    compensation_status VARCHAR(2)   NULL,
    is_running          TINYINT(1)   NULL,
    gmt_updated         DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY unikey_buz_tenant (business_key, tenant_id),
    KEY idx_machine_inst_open (status, gmt_updated)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE seata_state_inst
(
    id                       VARCHAR(48)  NOT NULL,
    machine_inst_id          VARCHAR(128) NOT NULL,
    name                     VARCHAR(128) NOT NULL,
    type                     VARCHAR(20)  NULL,
    service_name             VARCHAR(128) NULL,
    service_method           VARCHAR(128) NULL,
    service_type             VARCHAR(16)  NULL,
    business_key             VARCHAR(48)  NULL,
    state_id_compensated_for VARCHAR(50)  NULL,
    state_id_retried_for     VARCHAR(50)  NULL,
    gmt_started              DATETIME(3)  NOT NULL,
    is_for_update            TINYINT(1)   NULL,
    input_params             TEXT         NULL,
    output_params            TEXT         NULL,
    status                   VARCHAR(2)   NOT NULL,
    excep                    BLOB         NULL,
    gmt_updated              DATETIME(3)  NULL,
    gmt_end                  DATETIME(3)  NULL,
    PRIMARY KEY (id, machine_inst_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
