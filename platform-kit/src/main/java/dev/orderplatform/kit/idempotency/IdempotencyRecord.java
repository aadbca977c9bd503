package dev.orderplatform.kit.idempotency;

import java.time.Instant;

/**
 * What is known about one Idempotency-Key within a scope (an endpoint): the fingerprint of the request
 * that first used it, whether that request finished, and if so the exact answer it got.
 *
 * @param resourceId what the first request created (e.g. the order id), once it exists
 * @param leaseUntil while the request is in progress, until when it is presumed alive; after that a retry
 *                   may take over (see {@link IdempotencyGuard})
 */
public record IdempotencyRecord(
        String scope,
        String key,
        String requestHash,
        State state,
        String resourceId,
        Integer httpStatus,
        String responseBody,
        Instant leaseUntil,
        Instant createdAt) {

    public enum State {
        IN_PROGRESS,
        COMPLETED
    }

    public static IdempotencyRecord started(String scope, String key, String requestHash, Instant now, Instant leaseUntil) {
        return new IdempotencyRecord(scope, key, requestHash, State.IN_PROGRESS, null, null, null, leaseUntil, now);
    }
}
