package dev.orderplatform.servers.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One callback to send: an event (the {@code copy}-th time it is sent) and how its sending went so far. Its body is
 * the same bytes for every attempt; only the signature, made at send time, differs.
 */
final class Delivery {

    enum Outcome {
        /** not sent yet, or being retried */
        PENDING,
        /** a callback URL answered 2xx */
        DELIVERED,
        /** a callback URL answered a final 4xx (e.g. 401, 400, 422): not retried */
        REJECTED,
        /** still failing when the retry window ran out */
        GAVE_UP
    }

    private final CallbackEvent event;
    private final int copy;
    private final byte[] body;
    private int attempts;
    private Integer lastHttpStatus;
    private String lastError;
    private Outcome outcome = Outcome.PENDING;

    Delivery(CallbackEvent event, int copy, byte[] body) {
        this.event = event;
        this.copy = copy;
        this.body = body;
    }

    CallbackEvent event() {
        return event;
    }

    int copy() {
        return copy;
    }

    byte[] body() {
        return body;
    }

    /** Counts an attempt and returns its number (1 for the first). */
    synchronized int startAttempt() {
        return ++attempts;
    }

    synchronized void answered(int httpStatus) {
        lastHttpStatus = httpStatus;
        lastError = null;
    }

    synchronized void failed(String error) {
        lastHttpStatus = null;
        lastError = error;
    }

    synchronized void finish(Outcome finalOutcome) {
        outcome = finalOutcome;
    }

    synchronized Outcome outcome() {
        return outcome;
    }

    /** What the control API shows. */
    synchronized ObjectNode progress() {
        ObjectNode node = HttpJson.JSON.createObjectNode()
                .put("eventId", event.eventId())
                .put("status", event.status().name())
                .put("copy", copy)
                .put("attempts", attempts);
        if (lastHttpStatus == null) {
            node.putNull("lastHttpStatus");
        } else {
            node.put("lastHttpStatus", lastHttpStatus);
        }
        node.put("outcome", outcome.name());
        if (lastError != null) {
            node.put("lastError", lastError);
        }
        return node;
    }

    /** What the script's answer shows: the planned callback, body included. */
    ObjectNode plan() {
        return event.toJson().put("copy", copy);
    }
}
