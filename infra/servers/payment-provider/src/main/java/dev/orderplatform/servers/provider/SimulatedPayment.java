package dev.orderplatform.servers.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One payment as the simulated provider sees it: its terms (fixed at creation), whether payment-svc cancelled it,
 * its refunds, and the callbacks its script produced. Thread-safe: every change holds the payment's lock.
 */
final class SimulatedPayment {

    /** A refund, created once per refundId. */
    record Refund(String refundId, long amountCents) {
    }

    /** A refund request's result: the refund and whether this request created it. */
    record RefundResult(Refund refund, boolean created) {
    }

    private final String paymentId;
    private final String orderId;
    private final long amountCents;
    private final Instant expiresAt;
    private boolean cancelled;
    private final Map<String, Refund> refunds = new LinkedHashMap<>();
    private CallbackScript script;
    private List<CallbackEvent> occurred = List.of();
    private List<Delivery> deliveries = List.of();

    SimulatedPayment(String paymentId, String orderId, long amountCents, Instant expiresAt) {
        this.paymentId = paymentId;
        this.orderId = orderId;
        this.amountCents = amountCents;
        this.expiresAt = expiresAt;
    }

    String paymentId() {
        return paymentId;
    }

    String orderId() {
        return orderId;
    }

    long amountCents() {
        return amountCents;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    boolean sameTerms(String otherOrderId, long otherAmountCents, Instant otherExpiresAt) {
        return orderId.equals(otherOrderId) && amountCents == otherAmountCents && expiresAt.equals(otherExpiresAt);
    }

    synchronized void cancel() {
        cancelled = true;
    }

    /**
     * Refunds {@code amount} under {@code refundId}: the same refundId again returns the first refund; a refund
     * beyond what is left of the payment, or a known refundId with another amount, is a conflict.
     */
    synchronized RefundResult refund(String refundId, long amount) {
        Refund existing = refunds.get(refundId);
        if (existing != null) {
            if (existing.amountCents() != amount) {
                throw Problem.conflict("refund-conflict", "refund '" + refundId + "' was made for " + existing.amountCents()
                        + " cents, not " + amount);
            }
            return new RefundResult(existing, false);
        }
        long refunded = refundedCents();
        if (amount > amountCents - refunded) {
            throw Problem.conflict("refund-exceeds-payment", "payment '" + paymentId + "' is " + amountCents + " cents, "
                    + refunded + " already refunded; " + amount + " more is too much");
        }
        Refund refund = new Refund(refundId, amount);
        refunds.put(refundId, refund);
        return new RefundResult(refund, true);
    }

    private long refundedCents() {
        return refunds.values().stream().mapToLong(Refund::amountCents).sum();
    }

    /** Gives the payment its script's plan; false if it already has a script (the plan is then not used). */
    synchronized boolean attach(CallbackScript newScript, CallbackScript.Plan plan) {
        if (script != null) {
            return false;
        }
        script = newScript;
        occurred = plan.occurred();
        deliveries = plan.deliveries();
        return true;
    }

    /** The provider's answer to creation (the same on every idempotent repeat). */
    ObjectNode created() {
        return terms().put("status", "PENDING");
    }

    /**
     * The payment as the provider sees it at {@code now}: the status of the latest scripted event that has happened
     * by then, else CANCELLED if payment-svc cancelled it, else PENDING.
     */
    synchronized ObjectNode providerView(Instant now) {
        Optional<CallbackEvent> latest = occurred.stream().filter(event -> !event.occurredAt().isAfter(now))
                .reduce((earlier, later) -> later);
        String status = latest.map(event -> event.status().name()).orElse(cancelled ? "CANCELLED" : "PENDING");
        return terms().put("status", status).put("cancelled", cancelled).put("refundedCents", refundedCents());
    }

    /** What the control API shows: terms, cancellation, refunds and every delivery's progress. */
    synchronized ObjectNode controlView() {
        ObjectNode node = terms().put("cancelled", cancelled).put("scripted", script != null);
        ArrayNode refundArray = node.putArray("refunds");
        refunds.values().forEach(refund -> refundArray.addObject()
                .put("refundId", refund.refundId()).put("amountCents", refund.amountCents()));
        ArrayNode deliveryArray = node.putArray("deliveries");
        for (Delivery delivery : new ArrayList<>(deliveries)) {
            deliveryArray.add(delivery.progress());
        }
        return node;
    }

    private ObjectNode terms() {
        return HttpJson.JSON.createObjectNode()
                .put("paymentId", paymentId)
                .put("orderId", orderId)
                .put("amountCents", amountCents)
                .put("expiresAt", expiresAt.toString());
    }
}
