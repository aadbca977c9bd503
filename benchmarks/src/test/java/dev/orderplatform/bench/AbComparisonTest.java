package dev.orderplatform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AbComparisonTest {

    private static final String BEFORE = """
            {"results": [
              {"scenario": "tcc", "load": "closed", "loadValue": 32, "throughputPerSecond": 50.0, "p50Ms": 600.0,
               "p99Ms": 1000.0, "cpuMsPerCheckoutAboveIdle": 30.0},
              {"scenario": "tcc", "load": "half_of_max", "loadValue": 25, "throughputPerSecond": 25.0, "p50Ms": 60.0,
               "p99Ms": 200.0, "cpuMsPerCheckoutAboveIdle": 35.0}
            ]}""";
    private static final String AFTER = """
            {"results": [
              {"scenario": "storage-floor", "load": "closed", "loadValue": 32, "throughputPerSecond": 900.0, "p50Ms": 30.0,
               "p99Ms": 80.0, "cpuMsPerCheckoutAboveIdle": 2.0},
              {"scenario": "tcc", "load": "closed", "loadValue": 32, "throughputPerSecond": 100.0, "p50Ms": 300.0,
               "p99Ms": 500.0, "cpuMsPerCheckoutAboveIdle": 15.0},
              {"scenario": "tcc", "load": "half_of_max", "loadValue": 50, "throughputPerSecond": 50.0, "p50Ms": 30.0,
               "p99Ms": 90.0, "cpuMsPerCheckoutAboveIdle": 17.5}
            ]}""";

    @Test
    void eachRowBothRunsMeasuredIsComparedAndTheHalfLoadPointsPairUpWhateverTheirRates() throws Exception {
        String table = AbComparison.markdown(BEFORE, AFTER);
        assertThat(table)
                .contains("| 32 clients | tcc | 50.0 → 100.0 | 2.00 | 600.0 → 300.0 | 1000.0 → 500.0 | 30.0 → 15.0 | 0.50 |")
                .contains("| ½ max open | tcc | 25.0 → 50.0 | 2.00 | 60.0 → 30.0 | 200.0 → 90.0 | 35.0 → 17.5 | 0.50 |")
                .as("a scenario only the later run has is not compared").doesNotContain("storage-floor");
    }
}
