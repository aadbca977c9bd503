package dev.orderplatform.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One benchmark run: warm up every scenario, then for each load point run every scenario for one window per
 * round, interleaved (the order rotates each round) so that machine drift, JIT and database growth hit all
 * scenarios alike. The stack's CPU time is read around each window.
 */
final class BenchmarkRun {

    /**
     * @param points    the load points, closed loop and open loop
     * @param idle      how long the stack's CPU use is measured with no load, to tell the cost of a checkout from
     *                  the background work (heartbeats, TC and broker timers) that runs anyway
     * @param warmUp    per scenario, before anything is measured (JIT, connection pools, table caches)
     * @param window    one measurement window
     * @param rounds    windows per scenario and load point
     */
    record Settings(String mode, List<LoadPoint> points, List<Scenario> scenarios, Duration idle, Duration warmUp,
                    Duration window, int rounds, int skus, int users) {

        static Settings full(int openRate) {
            return new Settings("full", points(openRate), Scenario.all(), Duration.ofSeconds(10), Duration.ofSeconds(15),
                    Duration.ofSeconds(15), 2, 500, 1000);
        }

        /** Under five minutes on two cores, stack start-up included: one short window per scenario and load point. */
        static Settings quick(int openRate) {
            return new Settings("quick", points(openRate), Scenario.all(), Duration.ofSeconds(3), Duration.ofSeconds(2),
                    Duration.ofSeconds(3), 1, 200, 400);
        }

        /** The same settings with these scenarios. */
        Settings with(List<Scenario> chosen) {
            return new Settings(mode, points, chosen, idle, warmUp, window, rounds, skus, users);
        }

        private static List<LoadPoint> points(int openRate) {
            return List.of(LoadPoint.closed(1), LoadPoint.closed(8), LoadPoint.closed(32), LoadPoint.closed(64), LoadPoint.open(openRate));
        }
    }

    /** The scenarios also measured open-loop at half of their best closed-loop throughput (issue: latency under ordinary load). */
    static final List<String> HALF_LOAD_SCENARIOS = List.of("baseline", "tcc");

    private final Settings settings;
    private final LoadDriver driver;
    private final CpuMeter cpu;
    private final Consumer<String> progress;

    BenchmarkRun(Settings settings, LoadDriver driver, CpuMeter cpu, Consumer<String> progress) {
        this.settings = settings;
        this.driver = driver;
        this.cpu = cpu;
        this.progress = progress;
    }

    List<Measurement> run() throws Exception {
        double idleBefore = cpu.seconds();
        long idleStart = System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(settings.idle().toNanos()); // measuring the stack at rest is the point of waiting
        double idlePerSecond = (cpu.seconds() - idleBefore) / ((System.nanoTime() - idleStart) / 1e9);
        progress.accept(String.format("stack at rest: %.2f CPU-seconds per second", idlePerSecond));
        for (Scenario scenario : settings.scenarios()) {
            progress.accept("warm-up " + scenario.name());
            driver.closedLoop(scenario, 8, settings.warmUp());
        }
        Map<String, Measurement> measured = new LinkedHashMap<>();
        for (int p = 0; p < settings.points().size(); p++) {
            LoadPoint point = settings.points().get(p);
            measure(settings.scenarios().stream().map(scenario -> new Target(scenario, point)).toList(), p, measured, idlePerSecond);
        }
        // latency under ordinary load: open loop at half of what each chosen scenario reached closed-loop in this run
        List<Target> halfLoad = new ArrayList<>();
        for (Scenario scenario : settings.scenarios()) {
            double best = measured.values().stream()
                    .filter(m -> m.scenario().equals(scenario) && m.point().kind() == LoadPoint.Kind.CLOSED)
                    .mapToDouble(Measurement::throughput).max().orElse(0);
            if (HALF_LOAD_SCENARIOS.contains(scenario.name()) && best >= 2) {
                halfLoad.add(new Target(scenario, LoadPoint.halfOfMax((int) Math.round(best / 2))));
            }
        }
        measure(halfLoad, 0, measured, idlePerSecond);
        return new ArrayList<>(measured.values());
    }

    /** A scenario at a load point: one row of the results. */
    private record Target(Scenario scenario, LoadPoint point) {
    }

    /** Every target for one window per round, in an order that rotates each round. */
    private void measure(List<Target> targets, int rotation, Map<String, Measurement> measured, double idlePerSecond)
            throws Exception {
        for (Target target : targets) {
            measured.put(key(target.scenario(), target.point()), new Measurement(target.scenario(), target.point(), idlePerSecond));
        }
        for (int round = 0; round < settings.rounds(); round++) {
            for (Target target : rotated(targets, rotation + round)) {
                Scenario scenario = target.scenario();
                LoadPoint point = target.point();
                double before = cpuSeconds(scenario);
                LoadDriver.Window window = driver.run(scenario, point, settings.window());
                double used = cpuSeconds(scenario) - before;
                measured.get(key(scenario, point)).add(window, used);
                progress.accept(String.format("%-13s %-18s %7.1f/s  p50 %7.1f ms  p99 %7.1f ms  failed %d",
                        scenario.name(), point.label(), window.succeeded() / window.seconds(),
                        window.latencyMicros().getValueAtPercentile(50) / 1000.0,
                        window.latencyMicros().getValueAtPercentile(99) / 1000.0, window.failed()));
            }
        }
    }

    /** The stack's CPU so far, and this JVM's too when the scenario's work runs here (the storage floor's driver work). */
    private double cpuSeconds(Scenario scenario) {
        return cpu.seconds() + (scenario.inProcess() ? CpuMeter.ownSeconds() : 0);
    }

    static <T> List<T> rotated(List<T> items, int by) {
        List<T> rotated = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            rotated.add(items.get((i + by) % items.size()));
        }
        return rotated;
    }

    private static String key(Scenario scenario, LoadPoint point) {
        return scenario.name() + "@" + point.label();
    }
}
