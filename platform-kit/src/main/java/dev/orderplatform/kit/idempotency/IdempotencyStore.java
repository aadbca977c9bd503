package dev.orderplatform.kit.idempotency;

import java.time.Instant;
import java.util.Optional;

/**
 * Durable home of {@link IdempotencyRecord}s. Every operation is a single atomic statement, so several
 * instances of a service can share one store. Implementations: {@link JdbcIdempotencyStore} (MySQL) and
 * {@link MongoIdempotencyStore} (MongoDB).
 */
public interface IdempotencyStore {

    /** Inserts the record; {@code false} if the key already exists in the scope. */
    boolean insertIfAbsent(IdempotencyRecord record);

    Optional<IdempotencyRecord> find(String scope, String key);

    /** Extends an expired lease, only if it is still the lease we saw (compare-and-set). */
    boolean takeOver(String scope, String key, Instant seenLeaseUntil, Instant newLeaseUntil);

    void attachResource(String scope, String key, String resourceId);

    void complete(String scope, String key, int httpStatus, String responseBody, Instant completedAt);

    /** Removes the record, only if it is still the one created at {@code createdAt}. */
    boolean delete(String scope, String key, Instant createdAt);
}
