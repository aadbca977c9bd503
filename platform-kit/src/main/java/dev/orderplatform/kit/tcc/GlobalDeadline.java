package dev.orderplatform.kit.tcc;

import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;

/**
 * The absolute deadline of the current global transaction, carried from the initiator to every participant
 * in the {@value #HEADER} header (epoch milliseconds) next to Seata's XID. A Try past the deadline refuses,
 * so work that arrives after the coordinator has given up never reserves anything.
 */
public final class GlobalDeadline {

    public static final String HEADER = "Tx-Deadline";

    private static final ThreadLocal<Instant> CURRENT = new ThreadLocal<>();

    private GlobalDeadline() {
    }

    /** Runs {@code work} with {@code deadline} as the current deadline (initiator side). */
    public static <T> T runWith(Instant deadline, Supplier<T> work) {
        Instant previous = CURRENT.get();
        CURRENT.set(deadline);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    public static Optional<Instant> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    static void bind(Instant deadline) {
        CURRENT.set(deadline);
    }

    static void clear() {
        CURRENT.remove();
    }

    /** For a participant endpoint: the deadline the caller sent, or 400 if it sent none. */
    public static Instant required() {
        return current().orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, Problems.VALIDATION,
                "Missing transaction deadline", "A Try needs the " + HEADER + " header of its global transaction."));
    }

    /**
     * For a Try, as its first step: refuses with {@link RefusalReason#DEADLINE_EXCEEDED} once the deadline has
     * passed, so a Try that arrives (or resumes) after the coordinator gave up reserves nothing.
     */
    public static void refuseIfPassed(Instant deadline, Clock clock) {
        if (!clock.instant().isBefore(deadline)) {
            throw new ParticipantRefusedException(RefusalReason.DEADLINE_EXCEEDED,
                    "The global transaction's deadline " + deadline + " has passed.");
        }
    }
}
