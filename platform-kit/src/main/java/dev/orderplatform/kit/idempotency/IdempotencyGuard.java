package dev.orderplatform.kit.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The Idempotency-Key protocol (docs/api.md), independent of HTTP and of the store:
 * <ul>
 *   <li>the first request with a key records it as in progress before doing anything else;</li>
 *   <li>the same key and body again: the stored answer (replay) once finished, 409 while running;</li>
 *   <li>the same key with another body: 422;</li>
 *   <li>a request whose lease ran out (its process died) can be taken over by a retry — the work must then
 *       resume from {@link IdempotencyRecord#resourceId()} rather than start again;</li>
 *   <li>keys are kept for {@code retention} ({@code platform.idempotency.replay-window}, 24 h); after that the key
 *       is free again, and the storage pruning deletes its record later.</li>
 * </ul>
 * Atomicity comes from the store's unique key, so concurrent duplicates on different instances are safe.
 */
public class IdempotencyGuard {

    /** How long a key is kept, and its answer replayed (docs/api.md): the default of {@code platform.idempotency.replay-window}. */
    public static final Duration RETENTION = Duration.ofHours(24);

    private final IdempotencyStore store;
    private final Clock clock;
    private final Duration retention;

    public IdempotencyGuard(IdempotencyStore store, Clock clock, Duration retention) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
    }

    public IdempotencyDecision begin(String scope, String key, String requestHash, Duration lease) {
        // at most a few rounds: each round either decides or removes an expired record
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = clock.instant();
            if (store.insertIfAbsent(IdempotencyRecord.started(scope, key, requestHash, now, now.plus(lease)))) {
                return new IdempotencyDecision.Proceed(false, null);
            }
            Optional<IdempotencyRecord> found = store.find(scope, key);
            if (found.isEmpty()) {
                continue; // removed between our insert and read: try again
            }
            IdempotencyRecord existing = found.get();
            if (existing.createdAt().isBefore(now.minus(retention))) {
                store.delete(scope, key, existing.createdAt());
                continue;
            }
            if (!existing.requestHash().equals(requestHash)) {
                return new IdempotencyDecision.KeyReused();
            }
            if (existing.state() == IdempotencyRecord.State.COMPLETED) {
                return new IdempotencyDecision.Replay(existing.httpStatus(), existing.responseBody(), existing.resourceId());
            }
            if (existing.leaseUntil().isAfter(now)) {
                long seconds = Math.max(1, Duration.between(now, existing.leaseUntil()).toSeconds() + 1);
                return new IdempotencyDecision.InProgress(seconds);
            }
            if (store.takeOver(scope, key, existing.leaseUntil(), now.plus(lease))) {
                return new IdempotencyDecision.Proceed(true, existing.resourceId());
            }
            // another retry took it over first; it is now in progress again
        }
        return new IdempotencyDecision.InProgress(1);
    }

    public void attachResource(String scope, String key, String resourceId) {
        store.attachResource(scope, key, resourceId);
    }

    public void complete(String scope, String key, int httpStatus, String responseBody) {
        store.complete(scope, key, httpStatus, responseBody, clock.instant());
    }

    /** Forgets a key whose request had no effect (e.g. refused before any write), so it can be retried at once. */
    public void release(String scope, String key) {
        store.find(scope, key)
                .filter(record -> record.state() == IdempotencyRecord.State.IN_PROGRESS)
                .ifPresent(record -> store.delete(scope, key, record.createdAt()));
    }
}
