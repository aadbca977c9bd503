package dev.orderplatform.servers.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the provider does about one payment, as the control API sets it: the events that happen there (in the order
 * they happen), how each is delivered (copies, order), and when delivery starts.
 *
 * <p>Body: {@code {"events":[{"status","copies","amountCents","paymentId"}],"delayMs","gapMs","delivery","afterExpiry"}}.
 * An empty {@code events} list means the provider never calls back.
 *
 * @param events      what happens at the provider, oldest first
 * @param delayMs     how long to wait before the first delivery
 * @param gapMs       how long to wait between one event's last delivery and the next event's first (copies of one
 *                    event follow each other at once): a test that needs event 1 acted on before event 2 arrives says so
 * @param delivery    the order the events are sent in
 * @param afterExpiry events happen, and delivery starts, one second after the payment's expiry (plus delayMs)
 */
record CallbackScript(List<ScriptedEvent> events, long delayMs, long gapMs, Order delivery, boolean afterExpiry) {

    enum Status { SUCCEEDED, FAILED }

    enum Order {
        /** oldest first, as the events happened */
        IN_ORDER,
        /** newest first: the payment service sees them out of order */
        REVERSED
    }

    /**
     * One event happening at the provider.
     *
     * @param copies      how many times the same event (same eventId, same body) is sent in a row
     * @param amountCents the amount the callback reports, or null for the payment's own
     * @param paymentId   the payment id the callback reports, or null for the payment's own
     */
    record ScriptedEvent(Status status, int copies, Long amountCents, String paymentId) {
    }

    /** The deliveries one script produces for one payment, in sending order, and when the first one is sent. */
    record Plan(Instant firstAttemptAt, Duration gap, List<CallbackEvent> occurred, List<Delivery> deliveries) {
    }

    static final int MAX_EVENTS = 100;
    static final int MAX_COPIES = 100;
    static final long MAX_DELAY_MS = Duration.ofHours(24).toMillis();
    static final long MAX_GAP_MS = Duration.ofHours(1).toMillis();
    private static final Duration EVENT_SPACING = Duration.ofSeconds(1);
    private static final Duration PAST_EXPIRY = Duration.ofSeconds(1);

    CallbackScript {
        events = List.copyOf(events);
    }

    static CallbackScript parse(JsonNode body) {
        JsonFields fields = JsonFields.of(body, "", Set.of("events", "delayMs", "gapMs", "delivery", "afterExpiry"));
        JsonNode array = fields.array("events");
        if (array.size() > MAX_EVENTS) {
            throw Problem.invalid("events", "at most " + MAX_EVENTS + " events");
        }
        List<ScriptedEvent> events = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonFields event = JsonFields.of(array.get(i), "events[" + i + "].", Set.of("status", "copies", "amountCents", "paymentId"));
            events.add(new ScriptedEvent(
                    event.choice("status", Status.class),
                    event.missing("copies") ? 1 : (int) event.integer("copies", 1, MAX_COPIES),
                    event.missing("amountCents") ? null : event.integer("amountCents"),
                    event.missing("paymentId") ? null : event.text("paymentId", 1, 256)));
        }
        return new CallbackScript(events,
                fields.missing("delayMs") ? 0 : fields.integer("delayMs", 0, MAX_DELAY_MS),
                fields.missing("gapMs") ? 0 : fields.integer("gapMs", 0, MAX_GAP_MS),
                fields.missing("delivery") ? Order.IN_ORDER : fields.choice("delivery", Order.class),
                !fields.missing("afterExpiry") && fields.bool("afterExpiry"));
    }

    /** Never calls back. */
    boolean silent() {
        return events.isEmpty();
    }

    /**
     * The deliveries for {@code payment}, decided {@code now}: each event gets a random eventId; the events happen
     * one second apart, the last one now (or one second after expiry when {@code afterExpiry}).
     */
    Plan plan(SimulatedPayment payment, Instant now) {
        Instant expiredAt = payment.expiresAt().plus(PAST_EXPIRY);
        Instant lastEvent = (afterExpiry ? expiredAt : now).truncatedTo(ChronoUnit.MILLIS);
        List<CallbackEvent> occurred = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ScriptedEvent event = events.get(i);
            occurred.add(new CallbackEvent(UUID.randomUUID().toString(),
                    event.paymentId() != null ? event.paymentId() : payment.paymentId(),
                    event.status(),
                    event.amountCents() != null ? event.amountCents() : payment.amountCents(),
                    lastEvent.minus(EVENT_SPACING.multipliedBy(events.size() - 1L - i))));
        }
        List<Integer> sendingOrder = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            sendingOrder.add(i);
        }
        if (delivery == Order.REVERSED) {
            Collections.reverse(sendingOrder);
        }
        List<Delivery> deliveries = new ArrayList<>();
        for (int index : sendingOrder) {
            CallbackEvent event = occurred.get(index);
            byte[] body = event.body();
            for (int copy = 1; copy <= events.get(index).copies(); copy++) {
                deliveries.add(new Delivery(event, copy, body));
            }
        }
        Instant start = afterExpiry && expiredAt.isAfter(now) ? expiredAt : now;
        return new Plan(start.plusMillis(delayMs).truncatedTo(ChronoUnit.MILLIS), Duration.ofMillis(gapMs), occurred, deliveries);
    }

    ObjectNode toJson() {
        ObjectNode node = HttpJson.JSON.createObjectNode();
        ArrayNode array = node.putArray("events");
        for (ScriptedEvent event : events) {
            ObjectNode item = array.addObject().put("status", event.status().name()).put("copies", event.copies());
            if (event.amountCents() == null) {
                item.putNull("amountCents");
            } else {
                item.put("amountCents", event.amountCents());
            }
            item.put("paymentId", event.paymentId());
        }
        return node.put("delayMs", delayMs).put("gapMs", gapMs).put("delivery", delivery.name()).put("afterExpiry", afterExpiry);
    }
}
