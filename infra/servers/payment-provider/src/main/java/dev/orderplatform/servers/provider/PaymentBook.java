package dev.orderplatform.servers.provider;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every payment the simulator knows, in memory (a restart forgets them all, as a stand-in may), and the default
 * script that payments created from now on get when the control API has set one.
 */
final class PaymentBook {

    /** A creation request's result: the payment and whether this request created it. */
    record Creation(SimulatedPayment payment, boolean created) {
    }

    private final Map<String, SimulatedPayment> payments = new ConcurrentHashMap<>();
    /** orderId → the payment created last for that order. */
    private final Map<String, SimulatedPayment> byOrder = new ConcurrentHashMap<>();
    private final AtomicReference<CallbackScript> defaultScript = new AtomicReference<>();
    private final CallbackDelivery delivery;
    private final Clock clock;

    PaymentBook(CallbackDelivery delivery, Clock clock) {
        this.delivery = delivery;
        this.clock = clock;
    }

    /**
     * Creates the payment, or returns the existing one when the same paymentId comes again with the same terms;
     * other terms under a known paymentId are a conflict. A new payment gets the default script, if any.
     */
    Creation create(String paymentId, String orderId, long amountCents, Instant expiresAt) {
        SimulatedPayment candidate = new SimulatedPayment(paymentId, orderId, amountCents, expiresAt);
        SimulatedPayment payment = payments.putIfAbsent(paymentId, candidate);
        if (payment != null) {
            if (!payment.sameTerms(orderId, amountCents, expiresAt)) {
                throw Problem.conflict("payment-conflict", "payment '" + paymentId + "' exists with other terms (order "
                        + payment.orderId() + ", " + payment.amountCents() + " cents, expires " + payment.expiresAt() + ")");
            }
            return new Creation(payment, false);
        }
        byOrder.put(orderId, candidate);
        CallbackScript defaults = defaultScript.get();
        if (defaults != null) {
            script(candidate, defaults);
        }
        return new Creation(candidate, true);
    }

    Optional<SimulatedPayment> find(String paymentId) {
        return Optional.ofNullable(payments.get(paymentId));
    }

    Optional<SimulatedPayment> findByOrder(String orderId) {
        return Optional.ofNullable(byOrder.get(orderId));
    }

    /** Gives {@code payment} its script and starts its deliveries; empty if it already had a script. */
    Optional<CallbackScript.Plan> script(SimulatedPayment payment, CallbackScript script) {
        CallbackScript.Plan plan = script.plan(payment, clock.instant());
        if (!payment.attach(script, plan)) {
            return Optional.empty();
        }
        delivery.start(payment.paymentId(), plan.deliveries(), plan.firstAttemptAt(), plan.gap());
        return Optional.of(plan);
    }

    /** The script payments created from now on get; null (or a script without events) for none. */
    void setDefaultScript(CallbackScript script) {
        defaultScript.set(script == null || script.silent() ? null : script);
    }

    Optional<CallbackScript> defaultScript() {
        return Optional.ofNullable(defaultScript.get());
    }
}
