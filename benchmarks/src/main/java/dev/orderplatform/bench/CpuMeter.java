package dev.orderplatform.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time (user + system, all threads) used so far by the stack's processes, read from {@code /proc/<pid>/stat}
 * (Linux). The difference across a measurement window, divided by the checkouts completed in it, is the CPU
 * cost of a checkout for the whole stack — the number that matters on a two-core machine.
 */
final class CpuMeter {

    /** USER_HZ: the unit of utime and stime; 100 on every Linux this runs on. */
    static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids;

    /** @param pids process name → pid */
    CpuMeter(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
    }

    /** CPU seconds used so far by all the processes. */
    double seconds() {
        return byProcess().values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** CPU seconds used so far by each process, by name. */
    Map<String, Double> byProcess() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            try {
                seconds.put(name, cpuSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the CPU time of " + name + " (pid " + pid + "; did it exit?)", e);
            }
        });
        return seconds;
    }

    /** CPU seconds used so far by this JVM (the benchmark's own process). */
    static double ownSeconds() {
        try {
            return cpuSeconds(Files.readString(Path.of("/proc/self/stat")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read this process's CPU time", e);
        }
    }

    /** utime + stime of one {@code /proc/<pid>/stat} line, in seconds. */
    static double cpuSeconds(String stat) {
        // the command name (field 2) may contain spaces and parentheses: fields are counted after its last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long utime = Long.parseLong(fields[11]); // field 14
        long stime = Long.parseLong(fields[12]); // field 15
        return (utime + stime) / TICKS_PER_SECOND;
    }
}
