package dev.orderplatform.order.saga;

/**
 * A saga step whose participant could not be reached or failed (connection refused, timeout, 5xx): nothing is
 * known to have happened, and the step is safe to repeat — the definitions retry it. No cause, for the same
 * reason as {@link StepRefusedException}.
 */
public class StepUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StepUnavailableException(String message) {
        super(message);
    }
}
