package dev.orderplatform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of a process's threads, grouped by thread name without its number ({@code http-nio-8081-exec-12} →
 * {@code http-nio-8081-exec}), from {@code /proc/<pid>/task/<tid>/{comm,stat}}. Execution samples show only
 * threads running Java code; this shows everything a process spends, the JIT compiler, the collector and system
 * time in network calls included.
 */
final class ThreadCpu {

    private ThreadCpu() {
    }

    /** CPU seconds so far per live thread, keyed by thread id; a thread that is gone is simply absent. */
    static Map<String, Map.Entry<String, Double>> read(long pid) {
        Map<String, Map.Entry<String, Double>> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String name = group(Files.readString(task.resolve("comm")).trim());
                    threads.put(task.getFileName().toString(), Map.entry(name, CpuMeter.cpuSeconds(Files.readString(task.resolve("stat")))));
                } catch (IOException e) {
                    // the thread ended between listing and reading: it is counted in neither snapshot
                }
            });
        } catch (IOException e) {
            return Map.of();
        }
        return threads;
    }

    /**
     * CPU seconds per thread group between two snapshots, most first. Threads that started in between count from
     * zero; threads that ended in between are lost (their time shows only in the process total).
     */
    static Map<String, Double> between(Map<String, Map.Entry<String, Double>> before, Map<String, Map.Entry<String, Double>> after) {
        Map<String, Double> groups = new HashMap<>();
        after.forEach((tid, thread) -> {
            Map.Entry<String, Double> earlier = before.get(tid);
            double used = thread.getValue() - (earlier != null ? earlier.getValue() : 0);
            groups.merge(thread.getKey(), used, Double::sum);
        });
        return groups.entrySet().stream().filter(group -> group.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** A thread name without the numbering its pool gives it. */
    static String group(String threadName) {
        String name = threadName.replaceAll("[-_ #]*\\d+([-_]\\d+)*$", "");
        return name.isEmpty() ? threadName : name;
    }
}
