package dev.orderplatform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Profiles one scenario under one closed-loop load: the JVMs a checkout runs through (the services, the TC, the
 * Mongo server) record with JFR (started and stopped through {@code jcmd}, so the stack needs no restart) while
 * the load runs, then each recording is summarised; the CPU of every process is measured alike. Writes {@code profile.md} and the recordings themselves ({@code <process>.jfr}, for JDK Mission
 * Control; the warm-up is in them too) to the output directory.
 */
final class ProfileRun {

    private static final String RECORDING = "bench-profile";

    /**
     * Not recorded: Nacos' JRaft takes SIGUSR2 — the signal HotSpot's sampler suspends threads with — as an order to
     * dump its metrics to files, so a recording made Nacos write megabytes per second and starve the stack; the
     * RocketMQ servers do nothing per checkout.
     */
    private static final Set<String> NOT_RECORDED = Set.of("nacos", "rocketmq-namesrv", "rocketmq-broker");

    private final StackTargets stack;
    private final LoadDriver driver;
    private final Consumer<String> progress;

    ProfileRun(StackTargets stack, LoadDriver driver, Consumer<String> progress) {
        this.stack = stack;
        this.driver = driver;
        this.progress = progress;
    }

    /** @return the summary, as written to {@code profile.md} */
    String run(Scenario scenario, int clients, Duration warmUp, Duration duration, Path out) throws Exception {
        Files.createDirectories(out);
        Map<String, Long> jvms = new LinkedHashMap<>();
        stack.pids().forEach((name, pid) -> {
            if (isJvm(pid) && !NOT_RECORDED.contains(name)) {
                jvms.put(name, pid);
            }
        });
        // recording starts before the warm-up: starting JFR makes a JVM throw away compiled code, and the
        // recompilation kept the JIT compilers busy for minutes when it started on a warm stack
        for (Map.Entry<String, Long> jvm : jvms.entrySet()) {
            jcmd(jvm.getValue(), "JFR.start", "name=" + RECORDING, "settings=profile");
        }
        progress.accept("warm-up " + scenario.name() + " with " + clients + " clients for " + warmUp.toSeconds() + " s");
        driver.closedLoop(scenario, clients, warmUp);
        Instant measuredFrom = Instant.now();
        CpuMeter cpu = new CpuMeter(stack.pids());
        Map<String, Double> before = cpu.byProcess();
        Map<String, Map<String, Map.Entry<String, Double>>> threadsBefore = new LinkedHashMap<>();
        jvms.forEach((name, pid) -> threadsBefore.put(name, ThreadCpu.read(pid)));
        progress.accept("recording " + scenario.name() + " for " + duration.toSeconds() + " s in " + jvms.keySet());
        LoadDriver.Window window = driver.closedLoop(scenario, clients, duration);
        Map<String, Double> after = cpu.byProcess();
        Map<String, Map<String, Double>> threads = new LinkedHashMap<>();
        jvms.forEach((name, pid) -> threads.put(name, ThreadCpu.between(threadsBefore.get(name), ThreadCpu.read(pid))));
        List<ProcessProfile> profiles = new ArrayList<>();
        for (Map.Entry<String, Long> jvm : jvms.entrySet()) {
            Path recording = out.resolve(jvm.getKey() + ".jfr").toAbsolutePath();
            jcmd(jvm.getValue(), "JFR.stop", "name=" + RECORDING, "filename=" + recording);
            profiles.add(ProcessProfile.read(jvm.getKey(), recording, measuredFrom));
        }
        String summary = markdown(scenario, clients, window, before, after, threads, profiles);
        Files.writeString(out.resolve("profile.md"), summary);
        return summary;
    }

    static String markdown(Scenario scenario, int clients, LoadDriver.Window window, Map<String, Double> before,
                           Map<String, Double> after, Map<String, Map<String, Double>> threads, List<ProcessProfile> profiles) {
        StringBuilder md = new StringBuilder();
        long checkouts = Math.max(1, window.succeeded());
        md.append("# Profile: ").append(scenario.name()).append(", ").append(clients).append(" clients\n\n");
        md.append(String.format("%d checkouts in %.0f s (%.1f/s), p50 %.1f ms, %d failed.%n%n", window.succeeded(),
                window.seconds(), window.succeeded() / window.seconds(),
                window.latencyMicros().getValueAtPercentile(50) / 1000.0, window.failed()));
        md.append("## CPU per checkout, by process\n\n| process | CPU ms/checkout | share |\n|---|---:|---:|\n");
        double total = after.keySet().stream().mapToDouble(name -> after.get(name) - before.get(name)).sum();
        after.keySet().stream().sorted((a, b) -> Double.compare(after.get(b) - before.get(b), after.get(a) - before.get(a)))
                .forEach(name -> {
                    double used = after.get(name) - before.get(name);
                    md.append(String.format("| %s | %.1f | %.0f%% |%n", name, used * 1000 / checkouts, 100 * used / total));
                });
        md.append(String.format("| **stack** | **%.1f** | |%n%n", total * 1000 / checkouts));
        for (ProcessProfile profile : profiles) {
            md.append("## ").append(profile.process()).append("\n\n");
            md.append(String.format("%d execution samples, GC %.0f ms.%n%n", profile.samples(), profile.gcMillis()));
            Map<String, Double> byThread = threads.getOrDefault(profile.process(), Map.of());
            double threadTotal = byThread.values().stream().mapToDouble(Double::doubleValue).sum();
            md.append("| threads (all CPU, JIT and GC included) | CPU |\n|---|---:|\n");
            byThread.entrySet().stream().limit(8).forEach(group -> md.append(String.format("| `%s` | %.1f%% |%n",
                    group.getKey(), 100 * group.getValue() / Math.max(1e-9, threadTotal))));
            md.append('\n');
            table(md, "layer", profile.byLayer(), profile.samples());
            table(md, "hottest method (self)", profile.hottest(), profile.samples());
            table(md, "platform method (inclusive)", profile.ours(), profile.samples());
        }
        return md.toString();
    }

    private static void table(StringBuilder md, String heading, Map<String, Long> counts, long samples) {
        if (counts.isEmpty()) {
            return;
        }
        md.append("| ").append(heading).append(" | samples |\n|---|---:|\n");
        counts.forEach((name, count) -> md.append(String.format("| `%s` | %.1f%% |%n", name, 100.0 * count / Math.max(1, samples))));
        md.append('\n');
    }

    private static boolean isJvm(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().command())
                .map(command -> command.endsWith("/java")).orElse(false);
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", line) + " failed: " + output);
        }
    }
}
