package dev.orderplatform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The load generator itself, against an order placer that answers at once (no stack needed). */
class LoadDriverTest {

    private final AtomicLong placed = new AtomicLong();
    /** Every third order fails. */
    private final LoadDriver.OrderPlacer placer = scenario -> placed.incrementAndGet() % 3 != 0;

    @Test
    void closedLoopCountsEveryAnswerOnceAndRecordsItsLatency() throws Exception {
        try (LoadDriver driver = new LoadDriver(placer)) {
            LoadDriver.Window window = driver.closedLoop(Scenario.TCC, 4, Duration.ofMillis(200));
            assertThat(window.succeeded() + window.failed()).isEqualTo(placed.get()).isPositive();
            assertThat(window.latencyMicros().getTotalCount()).isEqualTo(placed.get());
            assertThat(window.failed()).isEqualTo(placed.get() / 3);
        }
    }

    @Test
    void openLoopSendsExactlyTheOrdersThatFallDueInTheWindow() throws Exception {
        try (LoadDriver driver = new LoadDriver(placer)) {
            LoadDriver.Window window = driver.openLoop(Scenario.BASELINE, 200, Duration.ofMillis(250));
            assertThat(placed.get()).isEqualTo(50);
            assertThat(window.succeeded() + window.failed()).isEqualTo(50);
            assertThat(window.latencyMicros().getTotalCount()).isEqualTo(50);
        }
    }
}
