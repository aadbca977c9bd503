package dev.orderplatform.payment.api;

import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.payment.integration.PaymentProviderClient;
import dev.orderplatform.payment.store.PaymentMapper;
import dev.orderplatform.payment.store.PaymentRow;
import jakarta.validation.constraints.Pattern;
import java.util.Optional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Internal (service to service): {@code GET /internal/payments/{paymentId}/provider} → what payment-svc recorded of
 * an external payment and what the provider says of it now. order-svc's straggler resolution shows both as evidence
 * (a provider that never called back says PENDING; one whose callbacks were lost says SUCCEEDED).
 */
@RestController
@Validated
public class ProviderPaymentEndpoint {

    public record ProviderView(String paymentId, String recordedStatus, String providerStatus) {
    }

    private final PaymentMapper payments;
    private final PaymentProviderClient provider;

    public ProviderPaymentEndpoint(PaymentMapper payments, PaymentProviderClient provider) {
        this.payments = payments;
        this.provider = provider;
    }

    @GetMapping("/internal/payments/{paymentId}/provider")
    public ProviderView provider(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String paymentId) {
        PaymentRow recorded = Optional.ofNullable(payments.selectById(paymentId)).orElseThrow(() -> Problems.notFound("Payment", paymentId));
        String providerStatus;
        try {
            providerStatus = provider.status(paymentId).status();
        } catch (PaymentProviderClient.ProviderUnavailableException e) {
            providerStatus = "UNREACHABLE";
        }
        return new ProviderView(paymentId, recorded.status, providerStatus);
    }
}
