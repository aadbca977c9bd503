package dev.orderplatform.stack.core;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Brings the stack up and down. Independent components start in parallel; each one starts as soon as the
 * components it depends on are ready, and is then polled with its readiness check until it answers or its
 * time budget runs out. {@code up} is idempotent: what is already running is left alone.
 */
public final class Launcher {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);
    private static final int LOG_TAIL_LINES = 40;

    private final StackContext context;
    private final Map<String, Component> components = new LinkedHashMap<>();
    private final Semaphore heavyStarts = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));

    /** @param components in dependency order: every component is listed after those it depends on */
    public Launcher(StackContext context, List<Component> components) {
        this.context = context;
        for (Component component : components) {
            for (String dependency : component.dependsOn()) {
                if (!this.components.containsKey(dependency)) {
                    throw new IllegalArgumentException(component.name() + " depends on " + dependency + ", listed after it");
                }
            }
            this.components.put(component.name(), component);
        }
    }

    /** Thrown when {@code up} cannot bring the stack to ready; the message says what and why. */
    public static class StackFailure extends RuntimeException {
        public StackFailure(String message) {
            super(message);
        }
    }

    public void up() {
        List<Component> toStart = new ArrayList<>();
        for (Component component : components.values()) {
            if (!component.external() && context.run().tracked(component.name()).map(TrackedProcess::alive).orElse(false)) {
                Console.line("  %-16s already running", component.name());
            } else if (!component.external()) {
                toStart.add(component);
            }
        }
        for (Component component : toStart) {
            for (int port : component.ports()) {
                if (!Ports.free(port)) {
                    throw new StackFailure(String.format("Port %d, needed by %s, is in use by %s. Stop it, or run "
                            + "'./stack down' if it is left from an earlier run.", port, component.name(), Ports.holder(port)));
                }
            }
        }

        List<TrackedProcess> startedNow = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> failure = new AtomicReference<>();
        Map<String, CompletableFuture<Void>> ready = new HashMap<>();
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "stack-up");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (Component component : components.values()) {
                CompletableFuture<?>[] dependencies = component.dependsOn().stream().map(ready::get).toArray(CompletableFuture[]::new);
                boolean start = toStart.contains(component);
                ready.put(component.name(), CompletableFuture.allOf(dependencies)
                        .thenRunAsync(() -> bringUp(component, start, startedNow, failure), pool));
            }
            try {
                CompletableFuture.allOf(ready.values().toArray(CompletableFuture[]::new)).join();
            } catch (RuntimeException failed) {
                failure.compareAndSet(null, rootMessage(failed));
                // let every component still waiting notice the abort before cleaning up
                ready.values().forEach(future -> {
                    try {
                        future.join();
                    } catch (RuntimeException alsoFailed) {
                        // already reported
                    }
                });
            }
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            Console.error("Stopping what this run started...");
            stopAll(startedNow);
            throw new StackFailure(failure.get());
        }
    }

    private void bringUp(Component component, boolean start, List<TrackedProcess> startedNow, AtomicReference<String> failure) {
        boolean throttled = start && component.heavyStart();
        try {
            if (throttled) {
                heavyStarts.acquire();
            }
            bringUpNow(component, start, startedNow, failure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, component.name() + ": interrupted");
            throw new StackFailure(component.name() + ": interrupted");
        } finally {
            if (throttled) {
                heavyStarts.release();
            }
        }
    }

    private void bringUpNow(Component component, boolean start, List<TrackedProcess> startedNow, AtomicReference<String> failure) {
        long began = System.nanoTime();
        TrackedProcess process = null;
        try {
            if (start) {
                process = launch(component);
                startedNow.add(process);
            }
            Duration budget = component.startBudget();
            while (true) {
                if (failure.get() != null) {
                    throw new StackFailure("aborted: " + failure.get());
                }
                if (component.ready(context)) {
                    break;
                }
                if (process != null && !process.alive()) {
                    throw new StackFailure(component.name() + " exited during start-up.\n" + logTail(component.name()));
                }
                if (Duration.ofNanos(System.nanoTime() - began).compareTo(budget) > 0) {
                    throw new StackFailure(component.external()
                            ? component.name() + " at " + component.url() + " (provided from outside) is not reachable"
                            : component.name() + " did not become ready within " + budget.toSeconds() + " s.\n" + logTail(component.name()));
                }
                Thread.sleep(POLL.toMillis());
            }
            component.afterReady(context);
            long millis = Duration.ofNanos(System.nanoTime() - began).toMillis();
            if (component.external()) {
                Console.line("  %-16s external, reachable at %s", component.name(), component.url());
            } else if (start) {
                Console.line("  %-16s ready in %5.1f s  (pid %d, %s)", component.name(), millis / 1000.0, process.pid(), component.url());
            }
        } catch (StackFailure e) {
            failure.compareAndSet(null, e.getMessage());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, component.name() + ": interrupted");
            throw new StackFailure(component.name() + ": interrupted");
        } catch (Exception e) {
            String message = component.name() + " could not start: " + e + "\n" + logTail(component.name());
            failure.compareAndSet(null, message);
            throw new StackFailure(message);
        }
    }

    private TrackedProcess launch(Component component) throws Exception {
        ProcessSpec spec = component.prepare(context);
        Path log = context.run().log(component.name());
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>();
        // its own session: a Ctrl-C in the terminal that ran ./stack must not reach the servers
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(spec.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(spec.workingDirectory().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(spec.environment());
        Files.writeString(log, "=== " + Instant.now() + " starting: " + String.join(" ", spec.command()) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = ExecutableFiles.start(builder);
        process.getOutputStream().close();
        TrackedProcess tracked = TrackedProcess.of(component.name(), process.toHandle());
        context.run().track(tracked);
        return tracked;
    }

    /** Stops every process the launcher tracks, services first, then the servers they depend on. */
    public void down() {
        List<List<TrackedProcess>> layers = stopLayers();
        for (List<TrackedProcess> layer : layers) {
            stopAll(layer);
        }
    }

    private List<List<TrackedProcess>> stopLayers() {
        Map<String, Integer> depth = new HashMap<>();
        for (Component component : components.values()) {
            depth.put(component.name(), component.dependsOn().stream().mapToInt(d -> depth.getOrDefault(d, 0) + 1).max().orElse(0));
        }
        int deepest = depth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        Map<Integer, List<TrackedProcess>> byDepth = new HashMap<>();
        for (String name : trackedNames()) {
            context.run().tracked(name).ifPresent(process ->
                    // a process not in today's component list (e.g. an extra instance) is a service: stop it first
                    byDepth.computeIfAbsent(depth.getOrDefault(name, deepest + 1), d -> new ArrayList<>()).add(process));
        }
        return byDepth.entrySet().stream()
                .sorted(Map.Entry.<Integer, List<TrackedProcess>>comparingByKey().reversed())
                .map(Map.Entry::getValue)
                .toList();
    }

    private void stopAll(List<TrackedProcess> processes) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (TrackedProcess process : List.copyOf(processes)) {
            stops.add(CompletableFuture.runAsync(() -> {
                boolean wasAlive = process.alive();
                process.stop(STOP_GRACE);
                context.run().untrack(process.name());
                if (wasAlive) {
                    Console.line("  %-16s stopped (pid %d)", process.name(), process.pid());
                }
            }));
        }
        stops.forEach(CompletableFuture::join);
    }

    public List<StatusLine> status() {
        Map<String, StatusLine> lines = new LinkedHashMap<>();
        Map<String, CompletableFuture<StatusLine>> checks = new LinkedHashMap<>();
        for (Component component : components.values()) {
            checks.put(component.name(), CompletableFuture.supplyAsync(() -> statusOf(component)));
        }
        checks.forEach((name, check) -> lines.put(name, check.join()));
        for (String name : trackedNames()) {
            if (!lines.containsKey(name)) {
                context.run().tracked(name).filter(TrackedProcess::alive).ifPresent(process ->
                        lines.put(name, new StatusLine(name, process.pid(), 0, "", "running")));
            }
        }
        return List.copyOf(lines.values());
    }

    private StatusLine statusOf(Component component) {
        if (component.external()) {
            return new StatusLine(component.name(), 0, component.port(), component.url(), "external");
        }
        return context.run().tracked(component.name()).filter(TrackedProcess::alive)
                .map(process -> new StatusLine(component.name(), process.pid(), component.port(), component.url(),
                        readyQuietly(component) ? "ready" : "starting"))
                .orElseGet(() -> new StatusLine(component.name(), 0, component.port(), component.url(), "stopped"));
    }

    private boolean readyQuietly(Component component) {
        try {
            return component.ready(context);
        } catch (Exception e) {
            return false;
        }
    }

    /** The last lines of a process's log, for error messages. */
    public String logTail(String name) {
        Path log = context.run().log(name);
        try {
            List<String> lines = Files.readAllLines(log);
            return "--- last lines of " + log + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log at " + log + ")";
        }
    }

    private List<String> trackedNames() {
        File[] dirs = context.run().root().toFile().listFiles(File::isDirectory);
        if (dirs == null) {
            return List.of();
        }
        return Stream.of(dirs).filter(dir -> new File(dir, "process.json").isFile()).map(File::getName).sorted()
                .collect(Collectors.toList());
    }

    static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof StackFailure)) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
