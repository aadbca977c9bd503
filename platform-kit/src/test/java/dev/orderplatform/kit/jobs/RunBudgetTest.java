package dev.orderplatform.kit.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderplatform.kit.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunBudgetTest {

    @Test
    void aRunMayTakeNewWorkUntilItsBudgetIsUsed() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-06T10:00:00Z"));
        RunBudget budget = RunBudget.of(clock, Duration.ofSeconds(10));
        assertThat(budget.spent()).isFalse();
        clock.advance(Duration.ofMillis(9_999));
        assertThat(budget.spent()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(budget.spent()).isTrue();
        assertThat(RunBudget.of(clock, Duration.ofSeconds(10)).spent()).as("the next run starts afresh").isFalse();
    }

    @Test
    void aBudgetMustBePositive() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-06T10:00:00Z"));
        assertThatThrownBy(() -> RunBudget.of(clock, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
