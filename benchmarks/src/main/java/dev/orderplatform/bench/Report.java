package dev.orderplatform.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Turns a run's measurements into what people read: {@code results.json} (machine-readable), {@code results.md}
 * (the table for docs/benchmarks.md) and two charts, median and p99 latency against throughput per scenario.
 */
final class Report {

    /** The targets of the cost issue, checked at the saturating load points, and tcc's p99 at half of its maximum. */
    static final double TARGET_TCC_VS_BASELINE = 0.75;
    static final double TARGET_TCC_VS_AT = 1.3;
    static final double TARGET_TCC_HALF_LOAD_P99_MS = 100;

    private final List<Measurement> measurements;
    private final List<FlashSale.Result> sales;
    private final List<QueuedFlashSale.Result> queuedSales;
    private final Machine machine;
    private final BenchmarkRun.Settings settings;

    Report(List<Measurement> measurements, List<FlashSale.Result> sales, List<QueuedFlashSale.Result> queuedSales,
           Machine machine, BenchmarkRun.Settings settings) {
        this.queuedSales = queuedSales;
        this.measurements = measurements;
        this.sales = sales;
        this.machine = machine;
        this.settings = settings;
    }

    /** The machine the run was measured on. */
    record Machine(String cpu, int cores, long memoryMiB, String java, String command, String startedAt) {
    }

    /** Writes every file; answers why a chart could not be written (none on a machine that can render). */
    List<String> writeAll(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("results.json"), json());
        Files.writeString(directory.resolve("results.md"), markdown());
        List<String> problems = new ArrayList<>();
        if (measurements.isEmpty()) {
            return problems; // a flash-sale-only run has no latency curves
        }
        chart("Median latency vs throughput (closed loop)", 50).flatMap(chart -> save(chart, directory.resolve("latency-p50")))
                .ifPresent(problems::add);
        chart("p99 latency vs throughput (closed loop)", 99).flatMap(chart -> save(chart, directory.resolve("latency-p99")))
                .ifPresent(problems::add);
        return problems;
    }

    /** Throughput of a scenario divided by another's at the same load point (0 when either is missing). */
    double ratio(String scenario, String to, LoadPoint point) {
        Optional<Measurement> a = find(scenario, point);
        Optional<Measurement> b = find(to, point);
        return a.isPresent() && b.isPresent() && b.get().throughput() > 0 ? a.get().throughput() / b.get().throughput() : 0;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Run: ").append(settings.mode()).append(" (").append(measurements.isEmpty()
                        ? (sales.size() + queuedSales.size()) + " flash sales, one after another"
                        : settings.rounds() + " × " + settings.window().toSeconds() + " s windows per scenario and load, interleaved")
                .append("), ").append(machine.startedAt()).append("  \n")
                .append("Machine: ").append(machine.cpu()).append(", ").append(machine.cores()).append(" cores, ")
                .append(machine.memoryMiB()).append(" MiB, ").append(machine.java()).append("  \n")
                .append("Command: `").append(machine.command()).append("`\n\n");
        if (!measurements.isEmpty()) {
            measurementTable(md);
        }
        if (measured(Scenario.TCC) && measured(Scenario.BASELINE) && measured(Scenario.AT)) {
            targets(md);
        }
        if (measured(Scenario.TCC) && measured(Scenario.TCC_DIRECT)) {
            edgeCost(md);
        }
        if (!sales.isEmpty()) {
            md.append(measurements.isEmpty() ? "" : "\n")
                    .append("Flash sale (hot SKU, limited stock; every seeded user buys one unit, wallet checkout):\n\n")
                    .append(FlashSale.markdownHeader());
            sales.forEach(sale -> md.append(sale.markdownRow()));
        }
        if (!queuedSales.isEmpty()) {
            md.append("\nQueued flash sale (admission in Redis, orders through RocketMQ; new funded buyers, one unit each, "
                            + "through the gateway):\n\n")
                    .append(QueuedFlashSale.markdownHeader());
            queuedSales.forEach(sale -> md.append(sale.markdownRow()));
            if (!sales.isEmpty()) {
                // warm figures: the best round of each (the first runs on a cold JIT)
                double synchronous = sales.stream().mapToDouble(FlashSale.Result::answersPerSecond).max().orElse(0);
                md.append("\nAnswers per second, queued / synchronous (same run, best round of each):");
                queuedSales.stream().map(QueuedFlashSale.Result::clients).distinct().forEach(clients -> {
                    double queued = queuedSales.stream().filter(sale -> sale.clients() == clients)
                            .mapToDouble(QueuedFlashSale.Result::answersPerSecond).max().orElse(0);
                    md.append(String.format(Locale.ROOT, " %.1f × with %d clients;", synchronous > 0 ? queued / synchronous : 0,
                            clients));
                });
                md.append("\n");
            }
        }
        return md.toString();
    }

    private void measurementTable(StringBuilder md) {
        boolean floor = measured(StorageFloor.SCENARIO);
        md.append("| load | scenario | checkouts/s | p50 ms | p95 ms | p99 ms | max ms | errors | × baseline | CPU ms/checkout "
                + "| above idle |").append(floor ? " × floor: checkouts/s | × floor: CPU above idle |\n" : "\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|").append(floor ? "---:|---:|\n" : "\n");
        for (LoadPoint point : points()) {
            for (Scenario scenario : settings.scenarios()) {
                find(scenario.name(), point).ifPresent(m -> md.append(String.format(Locale.ROOT,
                        "| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f%% | %s | %.1f | %.1f |",
                        point.label(), scenario.name(), m.throughput(), m.percentileMillis(50), m.percentileMillis(95),
                        m.percentileMillis(99), m.maxMillis(), m.errorRate() * 100,
                        find(Scenario.BASELINE.name(), point).isPresent() ? String.format(Locale.ROOT, "%.2f",
                                ratio(scenario.name(), Scenario.BASELINE.name(), point)) : "–",
                        m.cpuMillisPerCheckout(), m.cpuMillisPerCheckoutAboveIdle()))
                        .append(floor ? floorMultiples(m) : "").append("\n"));
            }
        }
    }

    /** Throughput and CPU (above idle) as multiples of the storage floor's at the same load point. */
    private String floorMultiples(Measurement m) {
        Optional<Measurement> floor = find(StorageFloor.SCENARIO.name(), m.point());
        if (floor.isEmpty() || floor.get().throughput() == 0 || floor.get().cpuMillisPerCheckoutAboveIdle() == 0) {
            return " – | – |";
        }
        return String.format(Locale.ROOT, " %.3f | %.1f |", m.throughput() / floor.get().throughput(),
                m.cpuMillisPerCheckoutAboveIdle() / floor.get().cpuMillisPerCheckoutAboveIdle());
    }

    /** The load points measured, in the order they ran (the settings' own, then the half-of-maximum points). */
    private List<LoadPoint> points() {
        return measurements.stream().map(Measurement::point).distinct().toList();
    }

    /** The benchmark issue's targets compare tcc with baseline and at: only when all three were measured. */
    private void targets(StringBuilder md) {
        md.append("\nTargets (at the saturating loads):\n\n| load | tcc ÷ baseline (target ≥ ")
                .append(TARGET_TCC_VS_BASELINE).append(") | tcc ÷ at (target ≥ ").append(TARGET_TCC_VS_AT).append(") |\n|---|---:|---:|\n");
        for (LoadPoint point : saturating()) {
            double vsBaseline = ratio(Scenario.TCC.name(), Scenario.BASELINE.name(), point);
            double vsAt = ratio(Scenario.TCC.name(), Scenario.AT.name(), point);
            md.append(String.format(Locale.ROOT, "| %s | %.2f %s | %.2f %s |%n", point.label(),
                    vsBaseline, vsBaseline >= TARGET_TCC_VS_BASELINE ? "met" : "not met",
                    vsAt, vsAt >= TARGET_TCC_VS_AT ? "met" : "not met"));
        }
        measurements.stream().filter(m -> m.scenario().equals(Scenario.TCC) && m.point().kind() == LoadPoint.Kind.HALF_OF_MAX)
                .findFirst().ifPresent(half -> md.append(String.format(Locale.ROOT,
                        "%ntcc at half of its maximum throughput (%s): p50 %.1f ms, p99 %.1f ms (target < %.0f ms: %s)%n",
                        half.point().label(), half.percentileMillis(50), half.percentileMillis(99), TARGET_TCC_HALF_LOAD_P99_MS,
                        half.percentileMillis(99) < TARGET_TCC_HALF_LOAD_P99_MS ? "met" : "not met")));
    }

    /** What the gateway adds to a checkout: tcc (through it) minus tcc-direct (straight to order-svc), per load point. */
    private void edgeCost(StringBuilder md) {
        md.append("\nWhat the edge costs (tcc through the gateway minus tcc-direct):\n\n")
                .append("| load | CPU ms/checkout added | above idle | p50 ms added | p99 ms added | throughput ratio |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (LoadPoint point : points()) {
            Optional<Measurement> edge = find(Scenario.TCC.name(), point);
            Optional<Measurement> direct = find(Scenario.TCC_DIRECT.name(), point);
            if (edge.isPresent() && direct.isPresent()) {
                Measurement e = edge.get();
                Measurement d = direct.get();
                md.append(String.format(Locale.ROOT, "| %s | %+.1f | %+.1f | %+.1f | %+.1f | %.2f |%n", point.label(),
                        e.cpuMillisPerCheckout() - d.cpuMillisPerCheckout(),
                        e.cpuMillisPerCheckoutAboveIdle() - d.cpuMillisPerCheckoutAboveIdle(),
                        e.percentileMillis(50) - d.percentileMillis(50), e.percentileMillis(99) - d.percentileMillis(99),
                        ratio(Scenario.TCC.name(), Scenario.TCC_DIRECT.name(), point)));
            }
        }
    }

    private boolean measured(Scenario scenario) {
        return settings.scenarios().contains(scenario);
    }

    String json() throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.set("machine", mapper.valueToTree(machine));
        root.put("mode", settings.mode()).put("windowSeconds", settings.window().toSeconds()).put("rounds", settings.rounds());
        ArrayNode results = root.putArray("results");
        for (Measurement m : measurements) {
            results.addObject().put("scenario", m.scenario().name()).put("flow", m.scenario().flow())
                    .put("hotSku", m.scenario().hotSku()).put("load", m.point().kind().name().toLowerCase(Locale.ROOT))
                    .put("loadValue", m.point().value()).put("succeeded", m.succeeded()).put("failed", m.failed())
                    .put("throughputPerSecond", m.throughput()).put("p50Ms", m.percentileMillis(50))
                    .put("p95Ms", m.percentileMillis(95)).put("p99Ms", m.percentileMillis(99)).put("maxMs", m.maxMillis())
                    .put("errorRate", m.errorRate()).put("ratioToBaseline", ratio(m.scenario().name(), Scenario.BASELINE.name(), m.point()))
                    .put("cpuMsPerCheckout", m.cpuMillisPerCheckout()).put("cpuMsPerCheckoutAboveIdle", m.cpuMillisPerCheckoutAboveIdle());
            find(StorageFloor.SCENARIO.name(), m.point()).filter(f -> f.throughput() > 0 && f.cpuMillisPerCheckoutAboveIdle() > 0)
                    .ifPresent(f -> results.get(results.size() - 1).withObject("/floorMultiples")
                            .put("throughput", m.throughput() / f.throughput())
                            .put("cpuAboveIdle", m.cpuMillisPerCheckoutAboveIdle() / f.cpuMillisPerCheckoutAboveIdle()));
        }
        ArrayNode flashSales = root.putArray("flashSales");
        for (FlashSale.Result sale : sales) {
            ObjectNode row = flashSales.addObject().put("units", sale.units()).put("buyers", sale.buyers())
                    .put("clients", sale.clients()).put("paid", sale.paid()).put("soldByInventory", sale.soldByInventory())
                    .put("oversold", sale.oversold()).put("seconds", sale.seconds()).put("answersPerSecond", sale.answersPerSecond())
                    .put("p50Ms", sale.percentileMillis(50)).put("p95Ms", sale.percentileMillis(95)).put("p99Ms", sale.percentileMillis(99));
            row.set("answers", mapper.valueToTree(sale.answers()));
        }
        ArrayNode queued = root.putArray("queuedFlashSales");
        for (QueuedFlashSale.Result sale : queuedSales) {
            ObjectNode row = queued.addObject().put("units", sale.units()).put("buyers", sale.buyers())
                    .put("clients", sale.clients()).put("admissionsPerSecond", sale.answersPerSecond())
                    .put("p50Ms", sale.percentileMillis(50)).put("p99Ms", sale.percentileMillis(99))
                    .put("maxMs", sale.latencyMicros().getMaxValue() / 1000.0)
                    .put("secondsUntilAllFinished", sale.secondsUntilFinished()).put("paid", sale.paid())
                    .put("soldByInventory", sale.soldByInventory()).put("oversold", sale.oversold()).put("unsold", sale.unsold())
                    .put("cpuMsPerAdmission", sale.cpuMillisPerAdmission());
            row.set("answers", mapper.valueToTree(sale.answers()));
        }
        return mapper.writeValueAsString(root);
    }

    private List<LoadPoint> saturating() {
        return settings.points().stream().filter(p -> p.kind() == LoadPoint.Kind.CLOSED && p.value() >= 32).toList();
    }

    private Optional<XYChart> chart(String title, double percentile) {
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title)
                .xAxisTitle("checkouts per second").yAxisTitle("latency (ms)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        for (Scenario scenario : settings.scenarios()) {
            List<Measurement> curve = settings.points().stream().filter(p -> p.kind() == LoadPoint.Kind.CLOSED)
                    .flatMap(p -> find(scenario.name(), p).stream()).filter(m -> m.succeeded() > 0).toList();
            if (!curve.isEmpty()) {
                chart.addSeries(scenario.name(), curve.stream().map(Measurement::throughput).toList(),
                        curve.stream().map(m -> Math.max(0.1, m.percentileMillis(percentile))).toList()).setMarker(SeriesMarkers.CIRCLE);
            }
        }
        return chart.getSeriesMap().isEmpty() ? Optional.empty() : Optional.of(chart);
    }

    private static Optional<String> save(XYChart chart, Path withoutExtension) {
        try {
            BitmapEncoder.saveBitmap(chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
            return Optional.empty();
        } catch (IOException | RuntimeException | Error noGraphics) {
            // a machine without fonts cannot render; the numbers are in results.json and results.md regardless
            return Optional.of("Chart " + withoutExtension.getFileName() + " not written: " + noGraphics);
        }
    }

    private Optional<Measurement> find(String scenario, LoadPoint point) {
        return measurements.stream().filter(m -> m.scenario().name().equals(scenario) && m.point().equals(point)).findFirst();
    }
}
