-- Idempotency-Keys are scoped to (operation, caller, target): the stored scope grows to hold the caller and the
-- wallet (platform-kit IdempotencyScope.MAX_LENGTH), and the same key may top up another wallet, so the top-up
-- ledger no longer holds the key unique: a retry resumes the top-up by the id its key recorded.
ALTER TABLE idempotency_keys MODIFY scope VARCHAR(200) NOT NULL;
ALTER TABLE wallet_top_ups DROP INDEX uk_top_ups_key, ADD KEY idx_top_ups_user_key (user_id, idempotency_key);
