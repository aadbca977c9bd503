package dev.orderplatform.order.saga;

import dev.orderplatform.kit.tcc.RefusalReason;

/**
 * A saga step a participant refused (no stock, no points, past payBefore, already released): the saga
 * compensates, and the order ends REJECTED with this reason. Carries no cause: Seata stores a step's exception
 * with Java serialization, which a Feign exception (holding its request) would break.
 */
public class StepRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RefusalReason reason;

    public StepRefusedException(RefusalReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RefusalReason reason() {
        return reason;
    }
}
