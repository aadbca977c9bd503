package dev.orderplatform.servers.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;

/**
 * What payment-svc calls, under {@code /v1/payments}:
 * <ul>
 *   <li>{@code POST /v1/payments} {@code {"paymentId","orderId","amountCents","expiresAt"}} → 201, or 200 with the same
 *       body for the same request again; 409 for a known paymentId with other terms;</li>
 *   <li>{@code GET /v1/payments/{paymentId}} → the payment as the provider sees it;</li>
 *   <li>{@code POST /v1/payments/{paymentId}/cancel} → 200 {@code {"paymentId","status":"CANCELLED"}} (idempotent;
 *       a script already set still runs);</li>
 *   <li>{@code POST /v1/payments/{paymentId}/refunds} {@code {"refundId","amountCents"}} → 201, 200 for the same
 *       refundId again, 409 past what is left of the payment.</li>
 * </ul>
 */
final class ProviderApi implements HttpHandler {

    static final String PATH = "/v1/payments";

    private final PaymentBook book;
    private final Clock clock;

    ProviderApi(PaymentBook book, Clock clock) {
        this.book = book;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) {
        HttpJson.serve(exchange, this::route);
    }

    private void route(HttpExchange exchange) throws IOException {
        String[] parts = HttpJson.segmentsAfter(exchange, PATH);
        if (parts.length == 0) {
            HttpJson.requireMethod(exchange, "POST");
            create(exchange);
        } else if (parts.length == 1) {
            HttpJson.requireMethod(exchange, "GET");
            HttpJson.send(exchange, 200, payment(parts[0]).providerView(clock.instant()));
        } else if (parts.length == 2 && parts[1].equals("cancel")) {
            HttpJson.requireMethod(exchange, "POST");
            SimulatedPayment payment = payment(parts[0]);
            payment.cancel();
            HttpJson.send(exchange, 200, HttpJson.JSON.createObjectNode().put("paymentId", payment.paymentId()).put("status", "CANCELLED"));
        } else if (parts.length == 2 && parts[1].equals("refunds")) {
            HttpJson.requireMethod(exchange, "POST");
            refund(exchange, payment(parts[0]));
        } else {
            throw HttpJson.noSuchResource(exchange);
        }
    }

    private void create(HttpExchange exchange) throws IOException {
        JsonFields body = JsonFields.of(HttpJson.readObject(exchange), "", Set.of("paymentId", "orderId", "amountCents", "expiresAt"));
        PaymentBook.Creation creation = book.create(body.id("paymentId"), body.id("orderId"), body.amount("amountCents"),
                body.instant("expiresAt"));
        HttpJson.send(exchange, creation.created() ? 201 : 200, creation.payment().created());
    }

    private void refund(HttpExchange exchange, SimulatedPayment payment) throws IOException {
        JsonFields body = JsonFields.of(HttpJson.readObject(exchange), "", Set.of("refundId", "amountCents"));
        SimulatedPayment.RefundResult result = payment.refund(body.id("refundId"), body.amount("amountCents"));
        ObjectNode answer = HttpJson.JSON.createObjectNode()
                .put("refundId", result.refund().refundId())
                .put("paymentId", payment.paymentId())
                .put("amountCents", result.refund().amountCents())
                .put("status", "SUCCEEDED");
        HttpJson.send(exchange, result.created() ? 201 : 200, answer);
    }

    private SimulatedPayment payment(String paymentId) {
        return book.find(paymentId).orElseThrow(() -> Problem.notFound("payment", paymentId));
    }
}
