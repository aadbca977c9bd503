package dev.orderplatform.kit.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindResult;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Settings that are harmless one by one and wrong together: each rule names a duration that must be strictly longer
 * than one or the sum of several others. Checked when a service starts; a service whose settings disagree refuses to
 * start, with a message naming the settings, their values and what would go wrong. A rule whose settings a service
 * does not have (order-svc's straggler settings in a participant) does not apply to it.
 */
public final class SettingsAgreement {

    /** {@code longer} must exceed the sum of {@code shorter}, because {@code why}. */
    public record Rule(String longer, List<String> shorter, String why) {
    }

    public static final List<Rule> RULES = List.of(
            new Rule("platform.tcc.fence-cleanup.horizon", List.of("platform.tcc.global-timeout", "platform.tcc.phase-two-retry-window"),
                    "a fence record deleted while its branch can still see a Try or a phase two loses its protection "
                            + "(a late Try after a deleted SUSPENDED record would reserve)"),
            new Rule("platform.tcc.fence-cleanup.horizon", List.of("platform.external-checkout.payment-window"),
                    "a saga step of an external order may arrive until its payBefore; one arriving after its release "
                            + "record was deleted would hold stock or points for a closed order"),
            new Rule("platform.tcc.fence-cleanup.one-off-horizon", List.of("platform.idempotency.replay-window"),
                    "a one-off record (an admin grant) deleted while its Idempotency-Key can still be replayed would let "
                            + "the replay apply the grant again"),
            new Rule("platform.retention.keep.idempotency-keys", List.of("platform.idempotency.replay-window"),
                    "a key's record deleted while the key can still be replayed would run the request again"),
            new Rule("platform.retention.keep.callback-inbox", List.of("platform.payment-callbacks.overdue.lookback"),
                    "the inbox is how a redelivered callback is recognised; the provider is asked about (and may "
                            + "report) a payment for the whole lookback, and a report seen again must still be a duplicate"),
            new Rule("platform.retention.keep.saga-logs", List.of("platform.external-checkout.payment-window",
                    "platform.stragglers.after"),
                    "a saga's log is what the straggler job and operators read about an external order while it can "
                            + "still be open (until its payBefore, then until the straggler job takes it over)"),
            new Rule("platform.stragglers.after", List.of("platform.checkout.recovery.grace"),
                    "the straggler job takes over only what the recovery job has had its chance at; otherwise the "
                            + "recovery job never sees a pending order and the two race"));

    private SettingsAgreement() {
    }

    /** Throws {@link IllegalStateException} listing every rule {@code environment} breaks. */
    public static void check(Environment environment) {
        Binder binder = Binder.get(environment);
        List<String> broken = new ArrayList<>();
        for (Rule rule : RULES) {
            Optional<Duration> longer = duration(binder, rule.longer());
            List<Optional<Duration>> shorter = rule.shorter().stream().map(name -> duration(binder, name)).toList();
            if (longer.isEmpty() || shorter.stream().anyMatch(Optional::isEmpty)) {
                continue;
            }
            Duration sum = shorter.stream().map(Optional::orElseThrow).reduce(Duration.ZERO, Duration::plus);
            if (longer.get().compareTo(sum) <= 0) {
                broken.add(rule.longer() + " (" + longer.get() + ") must be longer than "
                        + String.join(" + ", rule.shorter()) + " (" + sum + "): " + rule.why());
            }
        }
        if (!broken.isEmpty()) {
            throw new IllegalStateException("Settings that must agree do not: "
                    + broken.stream().collect(Collectors.joining("; ")));
        }
    }

    private static Optional<Duration> duration(Binder binder, String name) {
        BindResult<Duration> bound = binder.bind(name, Duration.class);
        return bound.isBound() ? Optional.of(bound.get()) : Optional.empty();
    }
}
