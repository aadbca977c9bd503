package dev.orderplatform.kit.retention;

import java.time.Instant;

/**
 * A table or collection whose finished records are deleted once they are older than its retention
 * ({@code platform.retention.keep.<name>}), a batch at a time, by {@link StoragePruning}. Made by
 * {@link JdbcRetainedStores} or {@link MongoRetainedStores} (separate classes: a service has one store driver or the other).
 */
public interface RetainedStore {

    /** The name its retention is configured under, e.g. {@code idempotency-keys}. */
    String name();

    /** Deletes at most {@code limit} finished records older than {@code before}, oldest first; how many it deleted. */
    int prune(Instant before, int limit);

    /** How one store deletes a batch. */
    @FunctionalInterface
    interface Pruner {
        int prune(Instant before, int limit);
    }

    /** A store named {@code name} that deletes a batch with {@code pruner}. */
    static RetainedStore of(String name, Pruner pruner) {
        return new RetainedStore() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int prune(Instant before, int limit) {
                return pruner.prune(before, limit);
            }
        };
    }
}
