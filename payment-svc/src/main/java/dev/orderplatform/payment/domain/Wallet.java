package dev.orderplatform.payment.domain;

/** A wallet as the database holds it; amounts in cents. */
public record Wallet(String userId, long balanceCents, long frozenCents, long spentCents, long refundedCents) {

    /** What the user has put in, according to the wallet's own counters (must equal the top-up ledger). */
    public long toppedUpCents() {
        return balanceCents + frozenCents + spentCents - refundedCents;
    }
}
