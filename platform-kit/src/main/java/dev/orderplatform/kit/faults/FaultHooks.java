package dev.orderplatform.kit.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only fault injection at named points of the code (e.g. {@code freeze-points/CONFIRM},
 * {@code wallet-checkout/AFTER_COMMIT}), so that failure orderings can be produced on purpose against the
 * real stack: the next N passes through a point fail, or the next pass pauses there until released (or for at
 * most {@value #MAX_PAUSE_SECONDS} s) — long enough for a test to kill the process at exactly that moment.
 *
 * <p>Disabled unless {@code platform.fault-hooks.enabled=true}, which only {@code ./stack up --fault-hooks}
 * sets; when disabled nothing can be armed and {@link #at} returns at once.
 */
public class FaultHooks {

    /** Where TCC actions call {@link #at}: the start of each phase. */
    public enum Phase { TRY, CONFIRM, CANCEL }

    static final int MAX_PAUSE_SECONDS = 120;

    /** Thrown by an armed failure. */
    public static class InjectedFault extends RuntimeException {
        public InjectedFault(String point) {
            super("injected fault at " + point);
        }
    }

    private final boolean enabled;
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> pauses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> paused = new ConcurrentHashMap<>();

    public FaultHooks(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public static String point(String action, Phase phase) {
        return action + "/" + phase;
    }

    /** Makes the next {@code times} passes through {@code point} fail. */
    public void failNext(String point, int times) {
        requireEnabled();
        failures.put(point, new AtomicInteger(times));
    }

    /** Makes the next pass through {@code point} wait until {@link #release} (or the maximum pause). */
    public void pauseNext(String point) {
        requireEnabled();
        pauses.put(point, new CountDownLatch(1));
    }

    /** Lets a paused pass continue (and disarms the pause). */
    public void release(String point) {
        CountDownLatch latch = pauses.remove(point);
        if (latch != null) {
            latch.countDown();
        }
    }

    public void clear() {
        failures.clear();
        pauses.keySet().forEach(this::release);
        paused.clear();
    }

    /** Failures still armed, and passes currently paused, by point ("paused:" prefix). */
    public Map<String, Integer> armed() {
        Map<String, Integer> state = new TreeMap<>();
        failures.forEach((point, count) -> state.put(point, count.get()));
        paused.forEach((point, count) -> state.put("paused:" + point, count.get()));
        return state;
    }

    public void at(String action, Phase phase) {
        at(point(action, phase));
    }

    /** Called by the code at a named point; fails or pauses if a fault is armed there. */
    public void at(String point) {
        if (!enabled) {
            return;
        }
        AtomicInteger remaining = failures.get(point);
        if (remaining != null && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new InjectedFault(point);
        }
        CountDownLatch pause = pauses.get(point);
        if (pause != null && pause.getCount() > 0) {
            AtomicInteger count = paused.computeIfAbsent(point, p -> new AtomicInteger());
            count.incrementAndGet();
            try {
                pause.await(MAX_PAUSE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                count.decrementAndGet();
                pauses.remove(point, pause);
            }
        }
    }

    private void requireEnabled() {
        if (!enabled) {
            throw new IllegalStateException("fault hooks are disabled");
        }
    }
}
