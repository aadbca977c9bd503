package dev.orderplatform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkRunTest {

    @Test
    void eachRoundStartsWithAnotherScenario() {
        List<String> scenarios = List.of("baseline", "tcc", "at");
        assertThat(BenchmarkRun.rotated(scenarios, 0)).containsExactly("baseline", "tcc", "at");
        assertThat(BenchmarkRun.rotated(scenarios, 1)).containsExactly("tcc", "at", "baseline");
        assertThat(BenchmarkRun.rotated(scenarios, 5)).containsExactly("at", "baseline", "tcc");
    }
}
