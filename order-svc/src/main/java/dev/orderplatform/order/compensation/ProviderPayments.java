package dev.orderplatform.order.compensation;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** What payment-svc recorded of an external payment and what the provider says of it (payment-svc's ProviderPaymentEndpoint). */
@FeignClient(name = "payment-svc", contextId = "providerPayments")
public interface ProviderPayments {

    record ProviderView(String paymentId, String recordedStatus, String providerStatus) {
    }

    @GetMapping("/internal/payments/{paymentId}/provider")
    ProviderView provider(@PathVariable("paymentId") String paymentId);
}
