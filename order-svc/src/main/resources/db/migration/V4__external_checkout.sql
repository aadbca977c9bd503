-- External checkout: how a pending order is closing, claimed once before anything is undone or settled:
-- PAID (the provider reported success), EXPIRED (payBefore passed), or the RejectionReason of a refusal or a
-- failed payment. The claim (a conditional UPDATE from NULL) is what makes a success and an expiry that race
-- each other end in exactly one outcome; the loser's money, if any, is refunded.
ALTER TABLE orders ADD COLUMN closing VARCHAR(32) NULL;
ALTER TABLE orders ADD KEY idx_orders_closing (payment_method, status, closing, deadline);
