package dev.orderplatform.stack.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process the launcher started, identified by pid AND start time, so a pid reused by an unrelated
 * process after a reboot or a crash is never taken for ours (and never signalled).
 */
public record TrackedProcess(String name, long pid, Instant startedAt) {

    public static TrackedProcess of(String name, ProcessHandle handle) {
        return new TrackedProcess(name, handle.pid(), handle.info().startInstant().orElse(Instant.EPOCH));
    }

    /** The live process, if it is still the one we started. */
    public Optional<ProcessHandle> handle() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().startInstant().map(startedAt::equals).orElse(false));
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
