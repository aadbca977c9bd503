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
            for (Scenario scenario : settings.scenarios()) {
                measured.put(key(scenario, point), new Measurement(scenario, point, idlePerSecond));
            }
            for (int round = 0; round < settings.rounds(); round++) {
                for (Scenario scenario : rotated(settings.scenarios(), p + round)) {
                    double before = cpu.seconds();
                    LoadDriver.Window window = driver.run(scenario, point, settings.window());
                    double used = cpu.seconds() - before;
                    measured.get(key(scenario, point)).add(window, used);
                    progress.accept(String.format("%-10s %-12s %7.1f/s  p50 %7.1f ms  failed %d",
                            scenario.name(), point.label(), window.succeeded() / window.seconds(),
                            window.latencyMicros().getValueAtPercentile(50) / 1000.0, window.failed()));
                }
            }
        }
        return new ArrayList<>(measured.values());
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
