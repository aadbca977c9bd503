package dev.orderplatform.kit.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How long one run of a scheduled job may go on taking new work ({@code platform.jobs.run-budget}). A job that calls
 * other services can meet one that hangs (every call waiting for its read timeout); without a budget one run of it
 * could last as long as its batch times that timeout. Past its budget a run stops taking new items and leaves them
 * to its next run, which starts with a fresh budget. Written by hand: it is a deadline, not a rate or a bulkhead.
 */
public final class RunBudget {

    private final Clock clock;
    private final Instant until;

    private RunBudget(Clock clock, Instant until) {
        this.clock = clock;
        this.until = until;
    }

    /** A budget starting now. */
    public static RunBudget of(Clock clock, Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a run budget must be positive: " + budget);
        }
        return new RunBudget(clock, clock.instant().plus(budget));
    }

    /** True once the run has used its budget: take no new item. */
    public boolean spent() {
        return !clock.instant().isBefore(until);
    }
}
