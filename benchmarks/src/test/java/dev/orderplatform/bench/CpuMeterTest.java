package dev.orderplatform.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void userAndSystemTimeAreCountedAfterTheCommandNameWhateverItContains() {
        // fields 14 and 15 (utime 250, stime 50 ticks), with a command name holding spaces and a ')'
        String stat = "4242 (java (bench) x) S 1 4242 4242 0 -1 4194560 1000 0 0 0 250 50 0 0 20 0 30 0 100 1000000 5000";
        assertThat(CpuMeter.cpuSeconds(stat)).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void aRunningProcessHasUsedSomeCpu() {
        CpuMeter meter = new CpuMeter(Map.of("bench", ProcessHandle.current().pid()));
        assertThat(meter.seconds()).isPositive();
        assertThat(meter.byProcess()).containsOnlyKeys("bench");
    }
}
