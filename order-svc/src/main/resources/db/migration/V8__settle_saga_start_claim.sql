-- Who may start an order's settlement saga, until when. Seata's saga engine begins the global transaction at the TC
-- before it records the instance, whose unique business key is what refused a second start: two payment reports
-- handled at once both began one, and the loser's global transaction was left at the TC for ever (it times out,
-- cannot be rolled back, and stays RollbackRetryTimeout). Now only the holder of this short claim starts it.
ALTER TABLE orders
    ADD COLUMN settle_claimed_until DATETIME(3) NULL;
