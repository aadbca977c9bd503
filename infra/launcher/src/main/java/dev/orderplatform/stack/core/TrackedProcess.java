package dev.orderplatform.stack.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A process the launcher started, identified by pid AND start time, so a pid reused by an unrelated
 * process after a reboot or a crash is never taken for ours (and never signalled).
 *
 * <p>The start time compared is, on Linux, the kernel's own: clock ticks since boot ({@code /proc/<pid>/stat}),
 * which never changes. {@link ProcessHandle.Info#startInstant()} is derived from it through the current wall clock,
 * so it moves whenever the clock is stepped (measured here: 12 s during a test run), and every process of the stack
 * then looked stopped — `./stack up` tried to start a second MariaDB on a port the first still held. The instant is
 * kept for people reading process.json, and compared only where there is no {@code /proc}.
 *
 * @param startTicks the kernel's start time of the process, or -1 where there is none to read
 */
public record TrackedProcess(String name, long pid, Instant startedAt, long startTicks) {

    public static TrackedProcess of(String name, ProcessHandle handle) {
        return new TrackedProcess(name, handle.pid(), handle.info().startInstant().orElse(Instant.EPOCH),
                startTicksOf(handle.pid()).orElse(-1));
    }

    /** The live process, if it is still the one we started. */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(this::sameStart);
    }

    private boolean sameStart(ProcessHandle live) {
        OptionalLong ticks = startTicksOf(pid);
        if (startTicks >= 0 && ticks.isPresent()) {
            return ticks.getAsLong() == startTicks;
        }
        return live.info().startInstant().map(startedAt::equals).orElse(false);
    }

    /** Field 22 of {@code /proc/<pid>/stat}, counted after the command name (which may hold spaces and parentheses). */
    static OptionalLong startTicksOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalLong.of(Long.parseLong(afterName[19]));
        } catch (IOException | RuntimeException noProcFs) {
            return OptionalLong.empty();
        }
    }

    public boolean alive() {
        return handle().isPresent();
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. */
    public void stop(Duration grace) {
        handle().ifPresent(process -> {
            process.destroy();
            try {
                process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception notYet) {
                process.destroyForcibly();
                try {
                    process.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported by the caller's status check
                }
            }
        });
    }
}
