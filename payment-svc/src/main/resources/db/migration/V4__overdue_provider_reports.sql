-- An external payment the provider never reported (its callbacks gave up, or were lost) is asked about once its
-- pay-before is overdue (OverdueProviderReports): provider_checked_at is when we last asked (an instance claims a
-- payment by setting it), provider_said what the provider answered; a final answer ends the asking.
ALTER TABLE payments
    ADD COLUMN provider_checked_at DATETIME(3) NULL,
    ADD COLUMN provider_said       VARCHAR(16) NULL,
    ADD KEY idx_payments_overdue (method, pay_before);
