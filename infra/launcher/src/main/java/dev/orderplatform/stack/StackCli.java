package dev.orderplatform.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.orderplatform.stack.core.Console;
import dev.orderplatform.stack.core.Launcher;
import dev.orderplatform.stack.core.RunDirectory;
import dev.orderplatform.stack.core.StackContext;
import dev.orderplatform.stack.core.StackSettings;
import dev.orderplatform.stack.core.StatusLine;
import dev.orderplatform.stack.demo.DemoScenario;
import dev.orderplatform.stack.deploy.DeploymentSecrets;
import dev.orderplatform.stack.servers.Servers;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Entry point of {@code ./stack}. */
@Command(name = "stack", mixinStandardHelpOptions = true,
        description = "Starts, inspects and stops the order platform's servers and services as local OS processes.",
        subcommands = {StackCli.Up.class, StackCli.Status.class, StackCli.Logs.class, StackCli.Down.class,
                StackCli.Demo.class, StackCli.Bench.class, StackCli.Soak.class, StackCli.DeploymentSecretsCommand.class,
                StackCli.MissingArtifacts.class})
public final class StackCli implements Callable<Integer> {

    /** The repository root; ./stack passes it, so the launcher works from any current directory. */
    static Path repository() {
        return Path.of(System.getProperty("stack.repository", ".")).toAbsolutePath().normalize();
    }

    static RunDirectory runDirectory() {
        return new RunDirectory(repository().resolve(".run"));
    }

    /**
     * The stack as configured now: each option as given, else as the running stack was brought up (so a plain
     * {@code up} after a kill restarts a process exactly as it was), else the default.
     */
    static Servers servers(Integer instances, Boolean faultHooks, Boolean quickStart, Boolean bench, Integer edgeRate) {
        RunDirectory run = runDirectory();
        RunDirectory.Shape last = run.lastShape().orElse(RunDirectory.Shape.DEFAULT);
        StackSettings settings = StackSettings.fromEnvironment(new RunDirectory.Shape(
                instances != null ? instances : last.instances(),
                faultHooks != null ? faultHooks : last.faultHooks(),
                quickStart != null ? quickStart : last.quickStart(),
                bench != null ? bench : last.bench(),
                edgeRate != null ? edgeRate : last.edgeRate()), System.getenv());
        // the token is read (or generated) only when a service is about to be started, and only once
        StackContext context = new StackContext(repository(), run, settings,
                memoized(() -> RunDirectory.sha256Hex(run.adminToken(System.getenv("ADMIN_TOKEN")))));
        return new Servers(context);
    }

    private static Supplier<String> memoized(Supplier<String> supplier) {
        AtomicReference<String> value = new AtomicReference<>();
        return () -> value.updateAndGet(current -> current != null ? current : supplier.get());
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    public static void main(String[] args) {
        int code = new CommandLine(new StackCli())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    if (e instanceof Launcher.StackFailure) {
                        Console.error("");
                        Console.error("FAILED: " + e.getMessage());
                        return 1;
                    }
                    throw e;
                })
                .execute(args);
        System.exit(code);
    }

    @Command(name = "up", description = "Starts whatever is not running yet and waits until everything is ready.")
    static final class Up implements Callable<Integer> {
        @Option(names = "--instances", description = "Instances of each service (default: as last time, else 1).")
        Integer instances;

        @Option(names = "--fault-hooks", description = "Enable the services' fault-injection endpoints (tests only).")
        Boolean faultHooks;

        @Option(names = "--quick-start", description = "Services use the C1 compiler only: they start on ~40%% less CPU "
                + "but run slower at peak (the test suite uses it; benchmarks must not).")
        Boolean quickStart;

        @Option(names = "--bench", description = "Accept the benchmark's checkout flows (baseline, at, tcc-1, tcc-2) "
                + "beside the shipped one (benchmarks only).")
        Boolean bench;

        @Option(names = "--edge-rate", paramLabel = "N", description = "Requests per second per client address the gateway "
                + "lets through on its unauthenticated routes, twice that in a burst (default: as last time, else 100).")
        Integer edgeRate;

        @Override
        public Integer call() {
            if (edgeRate != null && edgeRate < 1) {
                throw new Launcher.StackFailure("--edge-rate must be at least 1");
            }
            Servers servers = servers(instances, faultHooks, quickStart, bench, edgeRate);
            up(servers);
            return 0;
        }

        static void up(Servers servers) {
            if (servers.context().settings().instances() < 1 || servers.context().settings().instances() > 4) {
                throw new Launcher.StackFailure("--instances must be between 1 and 4");
            }
            List<String> missing = servers.missingArtifacts();
            if (!missing.isEmpty()) {
                throw new Launcher.StackFailure("Not built yet: " + missing + ". Run ./mvnw -DskipTests package (./stack does this itself).");
            }
            Console.line("Starting the stack (%d instance%s of each service) — runtime files in %s",
                    servers.context().settings().instances(), servers.context().settings().instances() == 1 ? "" : "s",
                    servers.context().run().root());
            long began = System.nanoTime();
            servers.launcher().up();
            servers.context().run().rememberShape(servers.context().settings().shape());
            Console.line("");
            Console.line("Stack ready in %.1f s.", (System.nanoTime() - began) / 1e9);
            printAdminToken(servers);
            Status.print(servers.launcher().status());
        }

        private static void printAdminToken(Servers servers) {
            String fromEnv = System.getenv("ADMIN_TOKEN");
            if (fromEnv != null && !fromEnv.isBlank()) {
                Console.line("Admin token: from ADMIN_TOKEN.");
            } else {
                Console.line("Admin token: %s  (also in %s)", servers.context().run().adminToken(null),
                        servers.context().run().adminTokenFile());
            }
        }
    }

    @Command(name = "status", description = "One line per process: name, pid, port, state (ready/starting/stopped/external).")
    static final class Status implements Callable<Integer> {
        @Option(names = "--json", description = "A JSON array of {name, pid, port, url, state}.")
        boolean json;

        @Override
        public Integer call() throws IOException {
            List<StatusLine> lines = servers(null, null, null, null, null).launcher().status();
            if (json) {
                Console.line(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(lines));
            } else {
                print(lines);
            }
            return 0;
        }

        static void print(List<StatusLine> lines) {
            Console.line("%-16s %8s %6s  %-9s %s", "NAME", "PID", "PORT", "STATE", "URL");
            for (StatusLine line : lines) {
                Console.line("%-16s %8s %6d  %-9s %s", line.name(), line.pid() == 0 ? "-" : Long.toString(line.pid()),
                        line.port(), line.state(), line.url());
            }
        }
    }

    @Command(name = "logs", description = "Prints a process's log (its stdout and stderr).")
    static final class Logs implements Callable<Integer> {
        @Parameters(index = "0", description = "Process name, as shown by status.")
        String name;

        @Option(names = {"-n", "--lines"}, description = "Only the last N lines.")
        Integer lines;

        @Option(names = {"-f", "--follow"}, description = "Keep printing what is appended.")
        boolean follow;

        @Override
        public Integer call() throws Exception {
            Servers servers = servers(null, null, null, null, null);
            Path log = servers.context().run().log(name);
            if (!Files.isRegularFile(log)) {
                Console.error("No log for '%s' (known: %s)", name, servers.componentNames());
                return 2;
            }
            // streamed, never read whole: a TC log grows by tens of MB under load, and this JVM has 128 MB
            if (lines == null) {
                try (var all = Files.lines(log, StandardCharsets.UTF_8)) {
                    all.forEach(Console::line);
                }
            } else {
                lastLines(log, lines).forEach(Console::line);
            }
            if (follow) {
                try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
                    long position = file.length();
                    while (!Thread.currentThread().isInterrupted()) {
                        if (file.length() > position) {
                            file.seek(position);
                            byte[] chunk = new byte[(int) (file.length() - position)];
                            file.readFully(chunk);
                            position += chunk.length;
                            Console.raw(new String(chunk, StandardCharsets.UTF_8));
                        }
                        Thread.sleep(300); // tail -f polls too; there is no portable file-append notification
                    }
                }
            }
            return 0;
        }
    }

    /** The last {@code count} lines of a file, read backwards from its end in blocks (never the whole file). */
    static List<String> lastLines(Path file, int count) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long start = length;
            int lineBreaks = 0;
            byte[] block = new byte[8192];
            // more than `count` line breaks after `start` means the last `count` lines are all there
            while (start > 0 && lineBreaks <= count) {
                int size = (int) Math.min(block.length, start);
                start -= size;
                in.seek(start);
                in.readFully(block, 0, size);
                for (int i = 0; i < size; i++) {
                    if (block[i] == '\n') {
                        lineBreaks++;
                    }
                }
            }
            byte[] tail = new byte[(int) (length - start)];
            in.seek(start);
            in.readFully(tail);
            List<String> lines = new String(tail, StandardCharsets.UTF_8).lines().toList();
            return lines.subList(Math.max(0, lines.size() - count), lines.size());
        }
    }

    @Command(name = "down", description = "Stops every process this launcher started (by pid).")
    static final class Down implements Callable<Integer> {
        @Option(names = "--wipe", description = "Also delete the run directory: data, logs, generated config, admin token.")
        boolean wipe;

        @Override
        public Integer call() {
            Path wiped = stop(wipe);
            if (wiped != null) {
                Console.line("Wiped %s", wiped);
            }
            Console.line("Stack stopped.");
            return 0;
        }

        /** Stops whatever this launcher started and forgets its shape; with {@code wipe}, deletes the run directory. */
        static Path stop(boolean wipe) {
            Servers servers = servers(null, null, null, null, null);
            servers.launcher().down();
            servers.context().run().forgetShape();
            if (!wipe) {
                return null;
            }
            servers.context().run().wipe();
            return servers.context().run().root();
        }
    }

    @Command(name = "demo", description = "Brings the stack up, seeds data, places the demo orders and checks each outcome.")
    static final class Demo implements Callable<Integer> {
        @Option(names = "--down", description = "Stop the stack at the end.")
        boolean down;

        @Option(names = "--instances", description = "Instances of each service.")
        Integer instances;

        @Override
        public Integer call() throws Exception {
            Servers servers = servers(instances, null, null, null, null);
            Up.up(servers);
            boolean passed;
            try {
                passed = new DemoScenario(servers.publicUrls(), servers.context().run().adminToken(System.getenv("ADMIN_TOKEN"))).run();
            } finally {
                if (down) {
                    servers.launcher().down();
                } else {
                    Console.line("");
                    Console.line("The stack is still running: ./stack status, ./stack logs NAME, ./stack down to stop it.");
                }
            }
            return passed ? 0 : 1;
        }
    }

    @Command(name = "bench", description = "Brings the stack up for measuring (--bench, full JIT, no fault hooks) and runs "
            + "the benchmark: every checkout flow, interleaved, closed and open loop. See docs/benchmarks.md.")
    static final class Bench implements Callable<Integer> {
        @Option(names = "--quick", description = "One short window per scenario and load point (under five minutes).")
        boolean quick;

        @Option(names = "--open-rate", description = "Arrival rate of the open-loop load, orders per second (default 10).")
        Integer openRate;

        @Option(names = "--fresh", description = "Stop the stack and wipe its run directory first, so the run starts from "
                + "empty stores: the Mongo stand-in scans a whole collection on every conditional update, so whatever earlier "
                + "runs and tests left behind makes points slower (see docs/benchmarks.md).")
        boolean fresh;

        @Option(names = "--profile", paramLabel = "SCENARIO", description = "Instead of the benchmark, record every JVM "
                + "with JFR while one scenario (e.g. tcc) runs, and summarise where the CPU goes (benchmarks/target/profile).")
        String profile;

        @Option(names = "--clients", description = "Closed-loop clients while profiling (default 32).")
        Integer clients;

        @Option(names = "--seconds", description = "How long the profile records (default 60, after a 60-s warm-up).")
        Integer seconds;

        @Option(names = "--out", description = "Where the results go (default: benchmarks/results, or benchmarks/target/quick with --quick).")
        Path out;

        @Option(names = "--scenarios", paramLabel = "NAME,...", description = "Only these scenarios (default: all of them).")
        String scenarios;

        @Override
        public Integer call() throws Exception {
            if (fresh) {
                Console.line("Stopped the stack and wiped %s: the benchmark starts from empty stores", Down.stop(true));
            }
            // one load generator stands for many clients: the per-address limit of the edge is lifted
            Servers servers = servers(1, false, false, true, Servers.BENCH_EDGE_RATE);
            RunDirectory.Shape running = servers.context().run().lastShape().orElse(null);
            boolean anythingRunning = servers.launcher().status().stream().anyMatch(line -> "ready".equals(line.state()));
            if (anythingRunning && running != null && !running.equals(servers.context().settings().shape())) {
                throw new Launcher.StackFailure("The running stack was brought up as " + running + "; a benchmark needs "
                        + servers.context().settings().shape() + " (--bench, full JIT, no fault hooks). Run ./stack down first.");
            }
            Up.up(servers);
            Path status = servers.context().run().root().resolve("bench-status.json");
            Files.writeString(status, new ObjectMapper().writeValueAsString(servers.launcher().status()));
            Path results = out != null ? out.toAbsolutePath()
                    : repository().resolve(profile != null ? "benchmarks/target/profile"
                            : quick ? "benchmarks/target/quick" : "benchmarks/results");
            Path bench = repository().resolve("benchmarks/target");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms64m", "-Xmx512m", "-Djava.awt.headless=true",
                    "-cp", bench.resolve("benchmarks.jar") + java.io.File.pathSeparator + bench.resolve("lib") + "/*",
                    "dev.orderplatform.bench.BenchmarkMain", "--status", status.toString(),
                    "--admin-token", servers.context().run().adminToken(System.getenv("ADMIN_TOKEN")), "--out", results.toString()));
            if (quick) {
                command.add("--quick");
            }
            if (fresh || scenarios != null) {
                command.add("--command=./stack bench" + (fresh ? " --fresh" : "") + (scenarios != null ? " --scenarios " + scenarios : ""));
            }
            if (openRate != null) {
                command.add("--open-rate=" + openRate);
            }
            if (profile != null) {
                command.add("--profile=" + profile);
            }
            if (clients != null) {
                command.add("--clients=" + clients);
            }
            if (seconds != null) {
                command.add("--seconds=" + seconds);
            }
            if (scenarios != null) {
                command.add("--scenarios=" + scenarios);
            }
            Console.line("");
            Console.line("Running the benchmark%s; results go to %s", quick ? " (quick)" : "", results);
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        }
    }

    @Command(name = "soak", description = "Wipes the stack and brings it up with every retention shortened to minutes, "
            + "drives mixed traffic at a fixed rate for N minutes, records every minute the row count of every table and "
            + "collection and each process's heap, RSS and open files, and checks the ledgers at the end (see docs/reliability.md).")
    static final class Soak implements Callable<Integer> {

        /**
         * Retentions and the horizons they must outlive, shortened so that a half-hour run passes every one of them
         * several times (the services' defaults are hours to a year). The services read them from
         * SPRING_APPLICATION_JSON, which every process of the stack inherits from the {@code ./stack up} started here.
         */
        static final String SHORT_RETENTIONS = """
                {"platform":{"idempotency":{"replay-window":"2m"},
                 "retention":{"interval":"PT30S","keep":{"idempotency-keys":"3m","callback-inbox":"3m","callback-anomalies":"3m",
                   "straggler-job-runs":"3m","compensation-runs":"3m","admin-audit":"3m","saga-logs":"3m"}},
                 "payment-callbacks":{"overdue":{"lookback":"2m"}},
                 "tcc":{"fence-cleanup":{"horizon":"2m","one-off-horizon":"3m","interval":"PT30S"}},
                 "stock-cache":{"journal-retention":"3m"}}}""".replaceAll("\\s+", "");

        @Option(names = "--minutes", defaultValue = "30", description = "How long the traffic runs (default 30).")
        int minutes;

        @Option(names = "--rate", defaultValue = "5", description = "Arrivals per second (default 5).")
        int rate;

        @Option(names = "--out", description = "Where the report goes (default benchmarks/results/soak).")
        Path out;

        @Override
        public Integer call() throws Exception {
            Console.line("Stopped the stack and wiped %s: the soak starts from empty stores", Down.stop(true));
            ProcessBuilder up = new ProcessBuilder(repository().resolve("stack").toString(), "up", "--instances", "1").inheritIO();
            up.environment().put("SPRING_APPLICATION_JSON", SHORT_RETENTIONS);
            if (up.start().waitFor() != 0) {
                return 1;
            }
            Servers servers = servers(null, null, null, null, null);
            Path status = servers.context().run().root().resolve("soak-status.json");
            Files.writeString(status, new ObjectMapper().writeValueAsString(servers.launcher().status()));
            Path results = out != null ? out.toAbsolutePath() : repository().resolve("benchmarks/results/soak");
            Path bench = repository().resolve("benchmarks/target");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms64m", "-Xmx256m", "-Djava.awt.headless=true",
                    "-cp", bench.resolve("benchmarks.jar") + java.io.File.pathSeparator + bench.resolve("lib") + "/*",
                    "dev.orderplatform.bench.SoakMain", "--status", status.toString(),
                    "--admin-token", servers.context().run().adminToken(System.getenv("ADMIN_TOKEN")),
                    "--viewer-token", servers.context().run().roleToken("viewer"),
                    "--minutes", Integer.toString(minutes), "--rate", Integer.toString(rate),
                    "--settings", SHORT_RETENTIONS, "--out", results.toString());
            Console.line("");
            Console.line("Soak: %d arrivals/s for %d min; the report goes to %s", rate, minutes, results);
            return new ProcessBuilder(command).inheritIO().start().waitFor();
        }
    }

    @Command(name = "deployment-secrets", description = "Generates every secret a deployment needs (deploy/compose.yaml, "
            + "deploy/kubernetes) into DIR: an .env file, key files, and the people's tokens. Keeps what exists. See docs/deploying.md.")
    static final class DeploymentSecretsCommand implements Callable<Integer> {
        @Parameters(index = "0", defaultValue = "deploy/secrets", description = "Where to write them (default: deploy/secrets, ignored by git).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Path target = dir.isAbsolute() ? dir : repository().resolve(dir);
            Path envFile = new DeploymentSecrets(target).write();
            Console.line("Secrets in %s; the admin, operator and viewer tokens in %s.", envFile, target.resolve("tokens"));
            Console.line("Set PAYMENT_PROVIDER_URL in %s before starting (docs/deploying.md).", envFile);
            return 0;
        }
    }

    @Command(name = "missing-artifacts", hidden = true, description = "Lists build outputs the stack needs that are missing.")
    static final class MissingArtifacts implements Callable<Integer> {
        @Override
        public Integer call() {
            List<String> missing = servers(null, null, null, null, null).missingArtifacts();
            missing.forEach(Console::line);
            return missing.isEmpty() ? 0 : 1;
        }
    }
}
