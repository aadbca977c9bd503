package dev.orderplatform.kit.idempotency;

/**
 * Where an Idempotency-Key belongs: the same key names the same request only for the same operation, the same
 * authenticated caller and the same target resource. The same key sent by another caller, or for another target
 * (another user's wallet), is another request — never a replay of someone else's answer, never a re-application of
 * someone else's effect. Public endpoints have no authenticated caller; an operation on a collection has no target.
 *
 * @param operation the endpoint, e.g. {@code "POST /api/wallets/{userId}/top-ups"}
 * @param caller    the authenticated caller (an admin token's name), or null
 * @param target    the resource acted on (a user id), or null
 */
public record IdempotencyScope(String operation, String caller, String target) {

    /** What the stores hold a scope in (idempotency_keys.scope). */
    public static final int MAX_LENGTH = 200;

    public IdempotencyScope {
        if (operation == null || operation.isBlank()) {
            throw new IllegalArgumentException("an idempotency scope needs its operation");
        }
        if (value(operation, caller, target).length() > MAX_LENGTH) {
            throw new IllegalArgumentException("idempotency scope longer than " + MAX_LENGTH + " characters: " + operation);
        }
    }

    /** An operation anyone may call, on no particular resource (e.g. placing an order). */
    public static IdempotencyScope of(String operation) {
        return new IdempotencyScope(operation, null, null);
    }

    public IdempotencyScope by(String caller) {
        return new IdempotencyScope(operation, caller, target);
    }

    public IdempotencyScope on(String target) {
        return new IdempotencyScope(operation, caller, target);
    }

    /** The scope as stored: {@code "POST /api/wallets/{userId}/top-ups u-1 by admin"}; an operation alone is unchanged. */
    public String value() {
        return value(operation, caller, target);
    }

    private static String value(String operation, String caller, String target) {
        return operation + (target == null ? "" : " " + target) + (caller == null ? "" : " by " + caller);
    }
}
