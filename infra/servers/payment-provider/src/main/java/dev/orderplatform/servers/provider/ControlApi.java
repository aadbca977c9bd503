package dev.orderplatform.servers.provider;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How tests and the demo decide what the provider does, under {@code /control}:
 * <ul>
 *   <li>{@code PUT /control/payments/{paymentId}/script} (a {@link CallbackScript}) → 202 with the planned
 *       deliveries; 404 unknown payment, 409 if it already has a script;</li>
 *   <li>{@code PUT /control/defaults} (a {@link CallbackScript}) → 200: the script every payment created from now on
 *       gets; a script without events (or {@code DELETE /control/defaults}) removes the default;</li>
 *   <li>{@code GET /control/payments/{paymentId}} and {@code GET /control/payments?orderId=…} → the payment, its
 *       refunds and each delivery's progress.</li>
 * </ul>
 */
final class ControlApi implements HttpHandler {

    static final String PATH = "/control";
    private static final Logger LOG = LoggerFactory.getLogger(ControlApi.class);

    private final PaymentBook book;

    ControlApi(PaymentBook book) {
        this.book = book;
    }

    @Override
    public void handle(HttpExchange exchange) {
        HttpJson.serve(exchange, this::route);
    }

    private void route(HttpExchange exchange) throws IOException {
        String[] parts = HttpJson.segmentsAfter(exchange, PATH);
        String method = exchange.getRequestMethod();
        if (parts.length == 1 && parts[0].equals("defaults")) {
            if (method.equals("PUT")) {
                book.setDefaultScript(CallbackScript.parse(HttpJson.readObject(exchange)));
                LOG.info("default script: {}", book.defaultScript().map(CallbackScript::toJson).orElse(null));
                HttpJson.send(exchange, 200, defaults());
            } else if (method.equals("DELETE")) {
                book.setDefaultScript(null);
                LOG.info("default script removed");
                HttpJson.send(exchange, 200, defaults());
            } else if (method.equals("GET")) {
                HttpJson.send(exchange, 200, defaults());
            } else {
                throw HttpJson.methodNotAllowed(exchange, "GET, PUT, DELETE");
            }
        } else if (parts.length == 1 && parts[0].equals("payments")) {
            HttpJson.requireMethod(exchange, "GET");
            String orderId = HttpJson.query(exchange).get("orderId");
            if (orderId == null || orderId.isEmpty()) {
                throw Problem.invalid("orderId", "is required");
            }
            SimulatedPayment payment = book.findByOrder(orderId)
                    .orElseThrow(() -> Problem.notFound("payment for order", orderId));
            HttpJson.send(exchange, 200, payment.controlView());
        } else if (parts.length == 2 && parts[0].equals("payments")) {
            HttpJson.requireMethod(exchange, "GET");
            HttpJson.send(exchange, 200, payment(parts[1]).controlView());
        } else if (parts.length == 3 && parts[0].equals("payments") && parts[2].equals("script")) {
            HttpJson.requireMethod(exchange, "PUT");
            SimulatedPayment payment = payment(parts[1]);
            CallbackScript script = CallbackScript.parse(HttpJson.readObject(exchange));
            CallbackScript.Plan plan = book.script(payment, script).orElseThrow(() -> Problem.conflict("script-already-set",
                    "payment '" + payment.paymentId() + "' already has a script (its own, or the default it got when it was created)"));
            LOG.info("payment {}: script {}, {} deliveries from {}", payment.paymentId(), script.toJson(),
                    plan.deliveries().size(), plan.firstAttemptAt());
            HttpJson.send(exchange, 202, planned(payment, plan));
        } else {
            throw HttpJson.noSuchResource(exchange);
        }
    }

    private ObjectNode defaults() {
        ObjectNode node = HttpJson.JSON.createObjectNode();
        book.defaultScript().ifPresentOrElse(script -> node.set("defaults", script.toJson()), () -> node.putNull("defaults"));
        return node;
    }

    private static ObjectNode planned(SimulatedPayment payment, CallbackScript.Plan plan) {
        ObjectNode node = HttpJson.JSON.createObjectNode()
                .put("paymentId", payment.paymentId())
                .put("firstAttemptAt", plan.firstAttemptAt().toString());
        ArrayNode deliveries = node.putArray("deliveries");
        plan.deliveries().forEach(delivery -> deliveries.add(delivery.plan()));
        return node;
    }

    private SimulatedPayment payment(String paymentId) {
        return book.find(paymentId).orElseThrow(() -> Problem.notFound("payment", paymentId));
    }
}
