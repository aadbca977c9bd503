package dev.orderplatform.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the benchmark; {@code ./stack bench} brings the stack up with {@code --bench} and runs this
 * against it. Prints each window as it is measured, then writes the report files.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures what a checkout costs in each flow, interleaved, against the running stack.")
public final class BenchmarkMain implements Callable<Integer> {

    @Option(names = "--status", required = true, description = "The stack's status, as ./stack status --json writes it.")
    Path status;

    @Option(names = "--admin-token", required = true, description = "Admin bearer token (seeds stock, wallets, points).")
    String adminToken;

    @Option(names = "--quick", description = "One short window per scenario and load (under five minutes).")
    boolean quick;

    @Option(names = "--open-rate", defaultValue = "10", description = "Arrival rate of the open-loop load, orders per second.")
    int openRate;

    @Option(names = "--out", required = true, description = "Where results.json, results.md and the charts go.")
    Path out;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME",
            description = "Only these scenarios, e.g. tcc,external or flash-sale (default: all of them).")
    List<String> scenarios;

    @Option(names = "--command", defaultValue = "./stack bench", description = "The command line to record in the report.")
    String command;

    @Option(names = "--profile", paramLabel = "SCENARIO",
            description = "Instead of the benchmark: record every JVM of the stack with JFR while this scenario runs, "
                    + "and summarise where the CPU goes (profile.md and one .jfr per process in --out).")
    String profile;

    @Option(names = "--clients", defaultValue = "32", description = "Closed-loop clients while profiling.")
    int clients;

    @Option(names = "--seconds", defaultValue = "60", description = "How long the profile records (after a 60-s warm-up).")
    int seconds;

    /** The flash sale: this many units of one SKU, every seeded user buying one, this many at a time. */
    static final int FLASH_SALE_UNITS = 100;
    static final int FLASH_SALE_CLIENTS = 64;
    /** The queued flash sale (admission in Redis): the same units, this many new buyers, this many at a time. */
    static final int QUEUED_FLASH_SALE_BUYERS = 10_000;
    static final int QUEUED_FLASH_SALE_CLIENTS = 1_000;

    /** The CLI's own output: progress lines and the final table. */
    private final PrintStream console = System.out;

    @Override
    public Integer call() throws Exception {
        StackTargets stack = StackTargets.read(status);
        BenchmarkRun.Settings settings = (quick ? BenchmarkRun.Settings.quick(openRate) : BenchmarkRun.Settings.full(openRate))
                .with(scenarios == null ? Scenario.all()
                        : scenarios.stream().filter(name -> !name.equals(FlashSale.NAME) && !name.equals(QueuedFlashSale.NAME))
                        .map(this::scenario).toList());
        String run = "bench" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        try (Checkouts checkouts = new Checkouts(stack, adminToken)) {
            console.printf("Seeding %d SKUs and %d users (%s-*)...%n", settings.skus(), settings.users(), run);
            checkouts.seed(run, settings.skus(), settings.users());
            return measure(checkouts, stack, settings, run, started);
        }
    }

    private int measure(Checkouts checkouts, StackTargets stack, BenchmarkRun.Settings settings, String run, Instant started)
            throws Exception {

        if (profile != null) {
            Scenario scenario = scenario(profile);
            try (LoadDriver driver = new LoadDriver(checkouts)) {
                console.println(new ProfileRun(stack, driver, console::println)
                        .run(scenario, clients, Duration.ofSeconds(60), Duration.ofSeconds(seconds), out));
            }
            console.println("Written to " + out.toAbsolutePath());
            return 0;
        }
        List<Measurement> measurements = List.of();
        if (!settings.scenarios().isEmpty()) {
            try (StorageFloor floor = new StorageFloor(stack.mysqlUrl(), stack.mongoUri(), checkouts.skus(), checkouts.users());
                 LoadDriver driver = new LoadDriver(scenario -> scenario.inProcess() ? floor.checkout() : checkouts.place(scenario))) {
                measurements = new BenchmarkRun(settings, driver, new CpuMeter(stack.pids()), console::println).run();
            }
        }
        List<FlashSale.Result> sales = new ArrayList<>();
        if (scenarios == null || scenarios.contains(FlashSale.NAME)) {
            FlashSale sale = new FlashSale(checkouts);
            for (int round = 1; round <= settings.rounds(); round++) {
                FlashSale.Result result = sale.run(run + "-FLASH" + round, FLASH_SALE_UNITS, FLASH_SALE_CLIENTS);
                console.printf("flash sale %d: %s", round, result.markdownRow());
                sales.add(result);
            }
        }
        List<QueuedFlashSale.Result> queuedSales = new ArrayList<>();
        if (scenarios == null || scenarios.contains(QueuedFlashSale.NAME)) {
            QueuedFlashSale sale = new QueuedFlashSale(checkouts, stack, adminToken, new CpuMeter(stack.pids()));
            int buyers = quick ? QUEUED_FLASH_SALE_BUYERS / 10 : QUEUED_FLASH_SALE_BUYERS;
            // the crowd at once, and as many at a time as the synchronous sale has (the same concurrency)
            for (int clients : List.of(quick ? QUEUED_FLASH_SALE_CLIENTS / 10 : QUEUED_FLASH_SALE_CLIENTS, FLASH_SALE_CLIENTS)) {
                for (int round = 1; round <= settings.rounds(); round++) {
                    QueuedFlashSale.Result result = sale.run(run + "-QFS", run + "-QFS" + clients + "-" + round,
                            FLASH_SALE_UNITS, buyers, clients, console::printf);
                    console.printf("queued flash sale, %d clients, %d: %s", clients, round, result.markdownRow());
                    queuedSales.add(result);
                }
            }
        }
        Report report = new Report(measurements, sales, queuedSales, machine(started), settings);
        report.writeAll(out).forEach(console::println);
        console.println();
        console.println(report.markdown());
        console.println("Written to " + out.toAbsolutePath());
        return 0;
    }

    private Scenario scenario(String name) {
        return Scenario.all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new CommandLine.ParameterException(new CommandLine(this), "no scenario " + name
                        + "; one of " + Scenario.all().stream().map(Scenario::name).toList()));
    }

    private Report.Machine machine(Instant started) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        long memoryKiB = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith("MemTotal:"))
                .map(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(0L);
        return new Report.Machine(cpu, Runtime.getRuntime().availableProcessors(), memoryKiB / 1024,
                "Java " + System.getProperty("java.version"), command + (quick ? " --quick" : ""), started.toString());
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkMain()).execute(args));
    }
}
