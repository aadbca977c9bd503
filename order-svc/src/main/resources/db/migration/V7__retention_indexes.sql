-- The storage pruning finds ended sagas by their end time, and deletes a saga's states by its instance id (the
-- states' primary key starts with the state id, so without this index every lookup by instance scans the table;
-- the straggler job's last-failed-step lookup benefits too).
ALTER TABLE seata_state_machine_inst ADD KEY idx_machine_inst_end (gmt_end);
ALTER TABLE seata_state_inst ADD KEY idx_state_inst_machine (machine_inst_id);
