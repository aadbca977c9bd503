package dev.orderplatform.payment.integration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The payment provider's API, as payment-svc uses it: open a payment, cancel it, refund it. Every call is
 * idempotent at the provider (by payment id, by refund id), so a call repeated after a timeout or a crash has
 * one effect. Any failure is a {@link ProviderUnavailableException}: the caller's step is retried.
 */
@Component
public class PaymentProviderClient {

    private final RestClient http;

    /**
     * @param builder Spring Boot's, so every call is observed: timed as {@code http.client.requests} (by URI template and
     *                outcome — the provider's latency on the dashboard) and traced
     */
    public PaymentProviderClient(RestClient.Builder builder, @Value("${platform.payment-provider.url}") String baseUrl,
                                 @Value("${platform.payment-provider.timeout:5s}") Duration timeout) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout((int) Math.min(timeout.toMillis(), 2000));
        requests.setReadTimeout((int) timeout.toMillis());
        this.http = builder.clone().baseUrl(baseUrl).requestFactory(requests).build();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ProviderPayment(String paymentId, String status, Long amountCents) {
    }

    public void open(String paymentId, String orderId, long amountCents, Instant expiresAt) {
        call(() -> http.post().uri("/v1/payments")
                .body(Map.of("paymentId", paymentId, "orderId", orderId, "amountCents", amountCents, "expiresAt", expiresAt.toString()))
                .retrieve().toBodilessEntity());
    }

    /** The payment as the provider sees it (its {@code status}: PENDING, SUCCEEDED, FAILED, …); UNKNOWN if it never saw it. */
    public ProviderPayment status(String paymentId) {
        try {
            ProviderPayment payment = http.get().uri("/v1/payments/{id}", paymentId).retrieve()
                    .onStatus(status -> status.value() == 404, (request, response) -> { })
                    .body(ProviderPayment.class);
            return payment == null || payment.status() == null ? new ProviderPayment(paymentId, "UNKNOWN", null) : payment;
        } catch (RestClientException e) {
            throw new ProviderUnavailableException("payment provider: " + e.getMessage(), e);
        }
    }

    /** Asks the provider to stop collecting the payment; an unknown payment (never opened there) is fine. */
    public void cancel(String paymentId) {
        call(() -> http.post().uri("/v1/payments/{id}/cancel", paymentId)
                .retrieve()
                .onStatus(status -> status.value() == 404, (request, response) -> { })
                .toBodilessEntity());
    }

    public void refund(String paymentId, String refundId, long amountCents) {
        call(() -> http.post().uri("/v1/payments/{id}/refunds", paymentId)
                .body(Map.of("refundId", refundId, "amountCents", amountCents))
                .retrieve().toBodilessEntity());
    }

    private static void call(Runnable request) {
        try {
            request.run();
        } catch (RestClientException e) {
            throw new ProviderUnavailableException("payment provider: " + e.getMessage(), e);
        }
    }

    /** The provider could not be reached or refused the call; nothing is known to have changed there. */
    public static class ProviderUnavailableException extends RuntimeException {
        public ProviderUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
