package dev.orderplatform.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static final LoadPoint SATURATED = LoadPoint.closed(32);

    private final BenchmarkRun.Settings settings = new BenchmarkRun.Settings("test", List.of(SATURATED),
            List.of(Scenario.BASELINE, Scenario.TCC, Scenario.AT), Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10), 1, 1, 1);
    private final Report.Machine machine = new Report.Machine("test CPU", 2, 24_000, "Java 17", "./stack bench", "2026-11-24T00:00:00Z");

    @Test
    void ratiosCompareThroughputAtTheSameLoadAndTheTargetsAreJudged() {
        Report report = new Report(List.of(measured(Scenario.BASELINE, 1000), measured(Scenario.TCC, 800), measured(Scenario.AT, 400)),
                List.of(), List.of(), machine, settings);
        assertThat(report.ratio("tcc", "baseline", SATURATED)).isCloseTo(0.8, within(1e-9));
        assertThat(report.ratio("tcc", "at", SATURATED)).isCloseTo(2.0, within(1e-9));
        assertThat(report.markdown())
                .contains("| 32 clients | tcc | 80.0 | 20.0 | 20.0 | 20.0 | 20.0 | 0.00% | 0.80 | 5.0 | 3.8 |")
                .contains("| 32 clients | 0.80 met | 2.00 met |");
    }

    @Test
    void aMissedTargetIsSaidPlainly() {
        Report report = new Report(List.of(measured(Scenario.BASELINE, 1000), measured(Scenario.TCC, 500), measured(Scenario.AT, 450)),
                List.of(), List.of(), machine, settings);
        assertThat(report.markdown()).contains("| 32 clients | 0.50 not met | 1.11 not met |");
    }

    @Test
    void everyScenarioIsAlsoStatedAsAMultipleOfTheStorageFloor(@TempDir Path out) throws Exception {
        // the floor: 2000 checkouts in 10 s on 0.1 CPU-s/s idle + 10 CPU-s → (10 − 1) / 2000 = 4.5 ms above idle
        Histogram fast = new Histogram(3);
        fast.recordValueWithCount(2_000, 2000);
        Measurement floor = new Measurement(StorageFloor.SCENARIO, SATURATED, 0.1);
        floor.add(new LoadDriver.Window(fast, 2000, 0, 10), 10);
        Report report = new Report(List.of(floor, measured(Scenario.BASELINE, 1000), measured(Scenario.TCC, 500)), List.of(), List.of(),
                machine, settings.with(List.of(StorageFloor.SCENARIO, Scenario.BASELINE, Scenario.TCC)));
        // tcc: 50/s against the floor's 200/s; (2.5 − 1) / 500 = 3.0 ms above idle against 4.5
        assertThat(report.markdown()).contains("× floor: checkouts/s | × floor: CPU above idle |")
                .contains("| 32 clients | tcc | 50.0 | 20.0 | 20.0 | 20.0 | 20.0 | 0.00% | 0.50 | 5.0 | 3.0 | 0.250 | 0.7 |");
        report.writeAll(out);
        JsonNode tcc = new ObjectMapper().readTree(Files.readString(out.resolve("results.json"))).path("results").get(2);
        assertThat(tcc.path("floorMultiples").path("throughput").asDouble()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void tccsLatencyAtHalfItsMaximumIsJudgedAgainstTheTarget() {
        Histogram latency = new Histogram(3);
        latency.recordValueWithCount(40_000, 99);
        latency.recordValueWithCount(150_000, 1);
        LoadPoint half = LoadPoint.halfOfMax(40);
        Measurement atHalf = new Measurement(Scenario.TCC, half, 0.1);
        atHalf.add(new LoadDriver.Window(latency, 100, 0, 10), 1);
        Report report = new Report(List.of(measured(Scenario.BASELINE, 1000), measured(Scenario.TCC, 800), measured(Scenario.AT, 400),
                atHalf), List.of(), List.of(), machine, settings);
        assertThat(report.markdown()).contains("| 40/s open (½ max) | tcc | 10.0 | 40.0 |")
                .contains("tcc at half of its maximum throughput (40/s open (½ max)): p50 40.0 ms, p99 40.0 ms (target < 100 ms: met)");
    }

    @Test
    void theResultsFileHoldsEveryMeasurement(@TempDir Path out) throws Exception {
        Report report = new Report(List.of(measured(Scenario.BASELINE, 1000), measured(Scenario.TCC, 650), measured(Scenario.AT, 400)),
                List.of(), List.of(), machine, settings);
        report.writeAll(out);
        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("results.json")));
        assertThat(json.path("results")).hasSize(3);
        assertThat(json.path("results").get(1).path("scenario").asText()).isEqualTo("tcc");
        assertThat(json.path("results").get(1).path("throughputPerSecond").asDouble()).isCloseTo(65.0, within(1e-9));
        assertThat(json.path("machine").path("cores").asInt()).isEqualTo(2);
        assertThat(out.resolve("results.md")).exists();
    }

    @Test
    void aRunWithoutBaselineAndAtHasNoRatiosAndNoTargets() {
        Report report = new Report(List.of(measured(Scenario.TCC, 650), measured(Scenario.EXTERNAL, 300)), List.of(), List.of(), machine,
                settings.with(List.of(Scenario.TCC, Scenario.EXTERNAL)));
        assertThat(report.markdown())
                .contains("| 32 clients | external | 30.0 | 20.0 | 20.0 | 20.0 | 20.0 | 0.00% | – |")
                .doesNotContain("Targets");
    }

    @Test
    void aFlashSaleReportsSoldOversoldAndTheCrowdsLatency(@TempDir Path out) throws Exception {
        Histogram latency = new Histogram(3);
        latency.recordValueWithCount(40_000, 1000);
        FlashSale.Result sale = new FlashSale.Result(100, 1000, 64,
                Map.of("201 PAID", 100, "201 REJECTED INSUFFICIENT_STOCK", 900), 100, 100, 20.0, latency);
        Report report = new Report(List.of(), List.of(sale), List.of(), machine, settings.with(List.of()));
        assertThat(sale.oversold()).isZero();
        assertThat(report.markdown()).contains("Flash sale").contains("| 100 | 1000 | 64 | 100 | 100 | 0 | 50.0 | 40.0 | 40.0 | 40.0 |");
        report.writeAll(out);
        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("results.json")));
        assertThat(json.path("flashSales").get(0).path("oversold").asLong()).isZero();
        assertThat(json.path("flashSales").get(0).path("answers").path("201 PAID").asInt()).isEqualTo(100);
    }

    @Test
    void aQueuedFlashSaleReportsAdmissionSpeedUnsoldUnitsAndTheRatioToTheSynchronousSale(@TempDir Path out) throws Exception {
        Histogram synchronousLatency = new Histogram(3);
        synchronousLatency.recordValueWithCount(40_000, 1000);
        FlashSale.Result synchronous = new FlashSale.Result(100, 1000, 64,
                Map.of("201 PAID", 100, "201 REJECTED INSUFFICIENT_STOCK", 900), 100, 100, 20.0, synchronousLatency);
        Histogram admissions = new Histogram(3);
        admissions.recordValueWithCount(8_000, 10_000);
        QueuedFlashSale.Result queued = new QueuedFlashSale.Result(100, 10_000, 1000,
                Map.of("202 QUEUED", 98, "409 sold-out", 9_902), 98, 98, 10.0, 14.0, 30.0, admissions);
        Report report = new Report(List.of(), List.of(synchronous), List.of(queued), machine, settings.with(List.of()));
        assertThat(queued.unsold()).as("two units unsold while buyers wanted them").isEqualTo(2);
        assertThat(queued.oversold()).isZero();
        assertThat(report.markdown()).contains("Queued flash sale")
                .contains("| 100 | 10000 | 1000 | 1000 | 8.0 | 8.0 | 8.0 | 14.0 | 98 | 98 | 0 | 2 | 3.00 |")
                .contains("queued / synchronous (same run, best round of each): 20.0 × with 1000 clients;");
        report.writeAll(out);
        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("results.json")));
        assertThat(json.path("queuedFlashSales").get(0).path("unsold").asLong()).isEqualTo(2);
        assertThat(json.path("queuedFlashSales").get(0).path("admissionsPerSecond").asDouble()).isEqualTo(1000.0);
    }

    @Test
    void theEdgesCostIsTccThroughTheGatewayMinusTccStraightToTheService() {
        Histogram slower = new Histogram(3);
        slower.recordValueWithCount(23_000, 600);
        Measurement edge = new Measurement(Scenario.TCC, SATURATED, 0.1);
        edge.add(new LoadDriver.Window(slower, 600, 0, 10), 600 / 150.0);
        Report report = new Report(List.of(edge, measured(Scenario.TCC_DIRECT, 650)), List.of(), List.of(), machine,
                settings.with(List.of(Scenario.TCC, Scenario.TCC_DIRECT)));
        assertThat(report.markdown()).contains("What the edge costs")
                .contains("| 32 clients | +1.7 | +1.5 | +3.0 | +3.0 | 0.92 |");
    }

    @Test
    void moreAnswersPaidThanUnitsIsOversold() {
        FlashSale.Result sale = new FlashSale.Result(50, 1000, 64, Map.of("201 PAID", 52), 52, 50, 10.0, new Histogram(3));
        assertThat(sale.oversold()).isEqualTo(2);
    }

    /**
     * {@code orders} paid in a 10-second window, each taking 20 ms; the stack used 5 CPU-ms per order in all, of
     * which 1 CPU-second (0.1 per second at rest) it would have used idle.
     */
    private static Measurement measured(Scenario scenario, long orders) {
        Histogram latency = new Histogram(3);
        latency.recordValueWithCount(20_000, orders);
        Measurement measurement = new Measurement(scenario, SATURATED, 0.1);
        measurement.add(new LoadDriver.Window(latency, orders, 0, 10), orders / 200.0);
        return measurement;
    }
}
