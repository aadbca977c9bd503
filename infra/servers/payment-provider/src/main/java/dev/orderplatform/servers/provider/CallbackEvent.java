package dev.orderplatform.servers.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * Something that happened at the provider, as the callback body reports it (docs/api.md):
 * {@code {"eventId","paymentId","status","amountCents","occurredAt"}}. Its body bytes are fixed once built, so
 * every copy of a duplicated event is byte-for-byte the same.
 */
record CallbackEvent(String eventId, String paymentId, CallbackScript.Status status, long amountCents, Instant occurredAt) {

    ObjectNode toJson() {
        return HttpJson.JSON.createObjectNode()
                .put("eventId", eventId)
                .put("paymentId", paymentId)
                .put("status", status.name())
                .put("amountCents", amountCents)
                .put("occurredAt", occurredAt.toString());
    }

    byte[] body() {
        try {
            return HttpJson.JSON.writeValueAsBytes(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
