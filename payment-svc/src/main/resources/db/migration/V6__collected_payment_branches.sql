-- The open-payment saga step's fence record stayed TRIED after the provider collected the payment (nothing in the
-- saga finishes it; the order settles through order-svc): counted in doubt and never cleaned up, one row per paid
-- external order. The callback processing now finishes it (OpenPaymentSagaStep.collected); this finishes those
-- left behind before, so the fence cleanup removes them after its horizon.
UPDATE tcc_fence_log f
    JOIN payments p ON p.xid = f.xid AND p.branch_id = f.branch_id
SET f.status = 2, f.gmt_modified = CURRENT_TIMESTAMP(3)
WHERE f.action_name = 'saga-open-payment' AND f.status = 1 AND p.status IN ('SUCCEEDED', 'REFUNDED');
