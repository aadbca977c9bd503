package dev.orderplatform.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives one measurement window: closed loop (N clients back to back) or open loop (a fixed arrival rate).
 * Latencies go into an HdrHistogram in microseconds. In open loop each order's latency counts from when it was
 * due, not from when a free thread sent it, so a stack that falls behind shows its queueing (no coordinated
 * omission).
 */
final class LoadDriver implements AutoCloseable {

    /** Places one order of a scenario; true when it ended as the scenario expects (201 PAID). */
    interface OrderPlacer {
        boolean place(Scenario scenario);
    }

    /** What one window measured. */
    record Window(Histogram latencyMicros, long succeeded, long failed, double seconds) {
    }

    /** Open loop sends from at most this many threads; beyond it, due orders wait (and their latency shows it). */
    static final int OPEN_LOOP_THREADS = 256;

    private final OrderPlacer placer;
    private final ExecutorService clients = Executors.newCachedThreadPool(daemon("bench-client"));
    private final ExecutorService openLoop = Executors.newFixedThreadPool(OPEN_LOOP_THREADS, daemon("bench-open"));

    LoadDriver(OrderPlacer placer) {
        this.placer = placer;
    }

    Window run(Scenario scenario, LoadPoint point, Duration duration) throws Exception {
        return point.openLoop()
                ? openLoop(scenario, point.value(), duration)
                : closedLoop(scenario, point.value(), duration);
    }

    Window closedLoop(Scenario scenario, int concurrency, Duration duration) throws Exception {
        Recorder latencies = new Recorder(3);
        AtomicLong succeeded = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < concurrency; client++) {
            running.add(clients.submit(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    boolean ok = placer.place(scenario);
                    latencies.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
                    (ok ? succeeded : failed).incrementAndGet();
                }
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        return new Window(latencies.getIntervalHistogram(), succeeded.get(), failed.get(), (System.nanoTime() - start) / 1e9);
    }

    Window openLoop(Scenario scenario, int perSecond, Duration duration) throws Exception {
        Recorder latencies = new Recorder(3);
        AtomicLong succeeded = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long arrivals = duration.toNanos() / period;
        long start = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (long i = 0; i < arrivals; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // pacing the arrivals is this loop's whole job
            }
            sent.add(openLoop.submit(() -> {
                boolean ok = placer.place(scenario);
                latencies.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                (ok ? succeeded : failed).incrementAndGet();
            }));
        }
        for (Future<?> order : sent) {
            order.get();
        }
        return new Window(latencies.getIntervalHistogram(), succeeded.get(), failed.get(), (System.nanoTime() - start) / 1e9);
    }

    @Override
    public void close() {
        clients.shutdownNow();
        openLoop.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
