package dev.orderplatform.servers.provider;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a callback that failed for a transient reason (no connection, 5xx, 408, 429) is tried again: exponential
 * backoff from {@code firstDelay}, doubling, capped at {@code maxDelay}, each delay jittered to a random value in
 * its upper half; no new attempt starts once {@code giveUpAfter} has passed since the delivery's first attempt.
 */
public record RetryPolicy(Duration firstDelay, Duration maxDelay, Duration giveUpAfter) {

    /** 250 ms doubling, capped at 10 s, for up to 30 minutes. */
    public static final RetryPolicy STANDARD = new RetryPolicy(Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofMinutes(30));

    public RetryPolicy {
        if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0 || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("invalid retry policy " + firstDelay + " / " + maxDelay + " / " + giveUpAfter);
        }
    }

    /** The un-jittered delay after the {@code failedAttempts}-th failure (1 → firstDelay). */
    Duration baseDelay(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        long millis = firstDelay.toMillis() << doublings;
        return millis <= 0 || millis > maxDelay.toMillis() ? maxDelay : Duration.ofMillis(millis);
    }

    /** The delay after the {@code failedAttempts}-th failure: uniformly random in [base/2, base]. */
    Duration delayAfter(int failedAttempts) {
        long base = baseDelay(failedAttempts).toMillis();
        long half = base / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(base - half + 1));
    }
}
