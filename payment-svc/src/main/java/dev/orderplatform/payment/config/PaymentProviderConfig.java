package dev.orderplatform.payment.config;

import dev.orderplatform.payment.domain.PaymentCallbackVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The shared secret with the payment provider (./stack passes PAYMENT_PROVIDER_SECRET): signs its callbacks. */
@Configuration
public class PaymentProviderConfig {

    @Bean
    PaymentCallbackVerifier paymentCallbackVerifier(@Value("${platform.payment-provider.secret}") String secret, Clock clock) {
        if (secret.isBlank()) {
            throw new IllegalStateException("platform.payment-provider.secret (PAYMENT_PROVIDER_SECRET) is not set: "
                    + "provider callbacks could not be verified");
        }
        return new PaymentCallbackVerifier(secret.getBytes(StandardCharsets.UTF_8), clock);
    }
}
