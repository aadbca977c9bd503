package dev.orderplatform.kit.idempotency;

/** What to do with a request that carries an Idempotency-Key. */
public sealed interface IdempotencyDecision {

    /**
     * Run the request. {@code resumedResourceId} is null for a first attempt; for a takeover after the first
     * attempt's lease expired it is whatever that attempt had already created (possibly null).
     */
    record Proceed(boolean takeover, String resumedResourceId) implements IdempotencyDecision {
    }

    /** Answer again exactly what the first request was answered. */
    record Replay(int httpStatus, String responseBody, String resourceId) implements IdempotencyDecision {
    }

    /** The first request is still running: 409, never a second execution. */
    record InProgress(long retryAfterSeconds) implements IdempotencyDecision {
    }

    /** The key was used with a different request body: 422. */
    record KeyReused() implements IdempotencyDecision {
    }
}
