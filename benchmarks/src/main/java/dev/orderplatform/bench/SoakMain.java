package dev.orderplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The soak run ({@code ./stack soak}): mixed traffic at a fixed arrival rate for a number of minutes against a stack
 * whose retentions are shortened, a census of every table, collection and process every minute, and at the end the
 * ledgers checked once the last orders have settled. Writes soak.csv, soak.md and the charts to {@code --out}. Nothing
 * here asserts a timing; the report says whether the counts levelled off and whether the ledgers agree.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Drives mixed traffic for N minutes and records what the stack stores and uses, minute by minute.")
public final class SoakMain implements Callable<Integer> {

    @Option(names = "--status", required = true, description = "The stack's status, as ./stack status --json writes it.")
    Path status;

    @Option(names = "--admin-token", required = true, description = "Admin bearer token (seeds stock, wallets, points).")
    String adminToken;

    @Option(names = "--viewer-token", required = true, description = "Viewer bearer token (the operator's dry runs).")
    String viewerToken;

    @Option(names = "--minutes", defaultValue = "30", description = "How long the traffic runs.")
    int minutes;

    @Option(names = "--rate", defaultValue = "5", description = "Arrivals per second (wallet and external checkouts).")
    int rate;

    @Option(names = "--sample-seconds", defaultValue = "60", description = "How often the census is taken.")
    int sampleSeconds;

    @Option(names = "--settings", description = "The shortened retentions the stack was started with (recorded in the report).")
    String settings;

    @Option(names = "--out", required = true, description = "Where soak.csv, soak.md and the charts go.")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(out);
        JsonNode processes = new ObjectMapper().readTree(Files.readString(status));
        StackTargets stack = StackTargets.read(status);
        String run = "soak" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        Checkouts seeder = new Checkouts(stack, adminToken);
        seeder.seed(run, 20, 200);
        seeder.clearDefaultScript(); // each external payment of the soak gets its own script
        List<String> users = seeder.users();
        List<String> skus = IntStream.range(0, 20).mapToObj(i -> run + "-SKU" + i).toList();
        SoakTraffic traffic = new SoakTraffic(stack, viewerToken, users, skus);
        List<StackCensus.Sample> samples = new ArrayList<>();
        Map<String, Long> pids = new LinkedHashMap<>();
        processes.forEach(process -> pids.put(process.path("name").asText(), process.path("pid").asLong()));
        try (StackCensus census = new StackCensus(url(processes, "mariadb"), url(processes, "mongo"), pids)) {
            samples.add(census.take());
            System.out.printf("Soak %s: %d arrivals/s for %d min; census every %d s%n", run, rate, minutes, sampleSeconds);
            ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
            ExecutorService arrivals = Executors.newFixedThreadPool(32);
            long started = System.nanoTime();
            clock.scheduleAtFixedRate(() -> arrivals.submit(traffic::arrive), 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
            clock.scheduleAtFixedRate(() -> arrivals.submit(traffic::operatorRound), 30, 60, TimeUnit.SECONDS);
            long end = started + TimeUnit.MINUTES.toNanos(minutes);
            while (System.nanoTime() < end) {
                TimeUnit.SECONDS.sleep(Math.min(sampleSeconds, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(end - System.nanoTime()))));
                StackCensus.Sample sample = census.take();
                samples.add(sample);
                System.out.printf("  %3d min  %s  answers %s%n", TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - started),
                        SoakReport.headline(sample), traffic.answers());
            }
            clock.shutdownNow();
            arrivals.shutdown();
            arrivals.awaitTermination(2, TimeUnit.MINUTES);
            System.out.println("Traffic stopped; waiting for the last orders to settle");
            SoakLedgers.Check check = new SoakLedgers(url(processes, "mariadb"), url(processes, "mongo"), run)
                    .awaitSettled(Duration.ofMinutes(5));
            samples.add(census.take());
            Path report = new SoakReport(out).write(run, Instant.now(), minutes, rate, settings, samples, traffic.answers(), check);
            System.out.println("Soak report: " + report);
            return check.holds() ? 0 : 1;
        }
    }

    private static String url(JsonNode processes, String name) {
        for (JsonNode process : processes) {
            if (name.equals(process.path("name").asText())) {
                return process.path("url").asText();
            }
        }
        throw new IllegalStateException("no " + name + " in the stack status");
    }
}
