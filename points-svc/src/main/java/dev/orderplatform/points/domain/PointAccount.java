package dev.orderplatform.points.domain;

/**
 * A user's points. Points only move between these counters (freeze, redeem, earn) or come in by grants, so
 * {@code balance + frozen + redeemed - earned} always equals what was granted.
 */
public record PointAccount(String userId, long balance, long frozen, long redeemed, long earned, long granted) {

    public long grantedByCounters() {
        return balance + frozen + redeemed - earned;
    }
}
