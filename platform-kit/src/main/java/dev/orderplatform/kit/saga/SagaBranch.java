package dev.orderplatform.kit.saga;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * How a participant names the part it plays in an order's saga, so that the same fences that make TCC branches
 * idempotent (platform-kit's JDBC and Mongo fences) guard saga steps too: a step applied twice has one effect,
 * a compensation that comes first is recorded and refuses the late step (anti-hanging).
 *
 * <p>A saga step is identified by the order alone — never by the saga's XID, which a participant does not see
 * (order-svc keeps it off the call so the participant does not join the saga as a TCC branch) and which would
 * differ between the opening saga and the later settlement. The branch id is negative (Seata's are positive, so
 * the two never meet in one fence table) and derived from a hash of order and step: 63 bits, so two steps of
 * one user colliding is not a practical concern.
 */
public final class SagaBranch {

    private SagaBranch() {
    }

    /** The fence's transaction id for every step of {@code orderId}'s saga. */
    public static String xidOf(String orderId) {
        return "saga:" + orderId;
    }

    /** The fence's branch id of {@code step} (e.g. "reserve-stock") of {@code orderId}'s saga. */
    public static long branchIdOf(String orderId, String step) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((orderId + "\n" + step).getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(digest).getLong() & Long.MAX_VALUE;
            return bits == 0 ? -1 : -bits;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
