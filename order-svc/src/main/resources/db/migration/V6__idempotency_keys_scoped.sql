-- Idempotency-Keys are scoped to (operation, caller, target): the stored scope grows to hold the caller
-- (platform-kit IdempotencyScope.MAX_LENGTH); a compensation run's key no longer carries its caller as a prefix.
ALTER TABLE idempotency_keys MODIFY scope VARCHAR(200) NOT NULL;
