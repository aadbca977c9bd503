package dev.orderplatform.kit.tcc;

/**
 * Why a participant's Try refused to reserve. The first four are the public order rejection reasons of
 * docs/api.md; the others say the global transaction can no longer use this branch.
 */
public enum RefusalReason {
    INSUFFICIENT_STOCK,
    INSUFFICIENT_FUNDS,
    INSUFFICIENT_POINTS,
    UNKNOWN_SKU,
    /** The Try arrived after the global transaction's deadline. */
    DEADLINE_EXCEEDED,
    /** The branch was already cancelled (or tried) — a late or repeated Try is refused (anti-hanging). */
    BRANCH_ALREADY_FINISHED
}
