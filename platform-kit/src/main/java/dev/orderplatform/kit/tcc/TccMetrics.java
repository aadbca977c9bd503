package dev.orderplatform.kit.tcc;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metrics of every TCC phase a participant runs, recorded by the fences where each outcome is decided:
 * <ul>
 *   <li>{@code tcc.phase} (timer), tags {@code action}, {@code phase} (try, confirm, cancel) and {@code outcome};</li>
 *   <li>{@code tcc.reservations.in_doubt} and {@code tcc.reservations.in_doubt.oldest} (gauges, seconds), tag
 *       {@code action}: branches tried and not yet confirmed or cancelled, and the age of the oldest.</li>
 * </ul>
 * Exposed at {@code /actuator/prometheus} as {@code tcc_phase_seconds_*} and {@code tcc_reservations_in_doubt*}.
 */
public class TccMetrics {

    /** How a phase ended. */
    public enum Outcome {
        /** Try reserved. */
        TRIED,
        /** Try refused for a business reason (not enough stock, funds, points…). */
        REFUSED,
        /** Try refused because its global transaction's deadline had passed. */
        DEADLINE_REFUSED,
        /** Try refused because its branch was already cancelled or tried (anti-hanging). */
        HANGING_REFUSED,
        CONFIRMED,
        CANCELLED,
        /** Cancel of a branch whose Try never ran: recorded, nothing else done. */
        NULL_COMPENSATED,
        /** A repeated Confirm or Cancel, or one in the other direction: nothing done. */
        NO_EFFECT,
        /** The phase failed (the TC retries Confirm/Cancel; a failed Try rolls the transaction back). */
        FAILED;

        String tag() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Timer> phaseTimers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> inDoubt = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> oldestSeconds = new ConcurrentHashMap<>();

    public TccMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String action, String phase, Outcome outcome, long startedNanos) {
        // one timer per action, phase and outcome, found again here rather than rebuilt and looked up in the registry
        // on every phase (the builder's tags and the registry's lookup showed in a participant's profile)
        phaseTimers.computeIfAbsent(action + '/' + phase + '/' + outcome, key -> Timer.builder("tcc.phase")
                        .description("TCC phases run by this participant, by outcome")
                        .tag("action", action).tag("phase", phase).tag("outcome", outcome.tag())
                        .register(registry))
                .record(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** The outcome of a Try that threw {@code failure}. */
    public static Outcome outcomeOfFailedTry(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ParticipantRefusedException refused) {
                return switch (refused.reason()) {
                    case DEADLINE_EXCEEDED -> Outcome.DEADLINE_REFUSED;
                    case BRANCH_ALREADY_FINISHED -> Outcome.HANGING_REFUSED;
                    default -> Outcome.REFUSED;
                };
            }
        }
        return Outcome.FAILED;
    }

    /** Publishes the current number of in-doubt branches of {@code action} and when the oldest was tried. */
    public void inDoubt(String action, long count, Instant oldestTriedAt, Instant now) {
        gaugeValue(inDoubt, "tcc.reservations.in_doubt", "TCC branches tried and not yet confirmed or cancelled", action)
                .set(count);
        gaugeValue(oldestSeconds, "tcc.reservations.in_doubt.oldest", "Age in seconds of the oldest in-doubt branch", action)
                .set(oldestTriedAt == null ? 0 : Math.max(0, Duration.between(oldestTriedAt, now).toSeconds()));
    }

    private AtomicLong gaugeValue(Map<String, AtomicLong> values, String name, String description, String action) {
        return values.computeIfAbsent(action, a -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tag("action", a).register(registry);
            return value;
        });
    }
}
