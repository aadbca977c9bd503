package dev.orderplatform.kit.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only fault injection into TCC phases, so that failure orderings can be produced on purpose against
 * the real stack (e.g. "the next 2 Confirms of freeze-points fail": the TC must retry them). Disabled unless
 * {@code platform.fault-hooks.enabled=true}, which only {@code ./stack up --fault-hooks} sets; when disabled
 * nothing can be armed and {@link #at} does nothing.
 */
public class FaultHooks {

    public enum Phase { TRY, CONFIRM, CANCEL }

    /** Thrown by an armed hook. */
    public static class InjectedFault extends RuntimeException {
        public InjectedFault(String action, Phase phase) {
            super("injected fault in " + action + " " + phase);
        }
    }

    private final boolean enabled;
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

    public FaultHooks(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Makes the next {@code times} calls of {@code action}'s {@code phase} fail. */
    public void failNext(String action, Phase phase, int times) {
        if (!enabled) {
            throw new IllegalStateException("fault hooks are disabled");
        }
        failures.put(key(action, phase), new AtomicInteger(times));
    }

    public void clear() {
        failures.clear();
    }

    /** Failures still armed, by "action/PHASE". */
    public Map<String, Integer> armed() {
        Map<String, Integer> remaining = new TreeMap<>();
        failures.forEach((key, count) -> remaining.put(key, count.get()));
        return remaining;
    }

    /** Called by a TCC action at the start of a phase; throws if a failure is armed for it. */
    public void at(String action, Phase phase) {
        if (!enabled) {
            return;
        }
        AtomicInteger remaining = failures.get(key(action, phase));
        if (remaining != null && remaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new InjectedFault(action, phase);
        }
    }

    private static String key(String action, Phase phase) {
        return action + "/" + phase;
    }
}
