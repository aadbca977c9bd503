package dev.orderplatform.payment.config;

import dev.orderplatform.payment.domain.PaymentCallbackVerifier;
import java.nio.charset.StandardCharsets;
import dev.orderplatform.payment.store.CallbackInboxMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The shared secret with the payment provider (./stack passes PAYMENT_PROVIDER_SECRET), which signs its callbacks; and
 * the callback inbox's backlog, for operators: {@code payment.callbacks.pending} events received and not yet applied,
 * {@code payment.callbacks.pending.oldest.seconds} since the oldest of them arrived (read on every scrape; the pending
 * events are found through the inbox's index on processed_at).
 */
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

    @Bean
    MeterBinder callbackInboxBacklog(CallbackInboxMapper inbox, Clock clock) {
        return registry -> {
            Gauge.builder("payment.callbacks.pending", inbox, CallbackInboxMapper::countPending)
                    .description("Provider callbacks received and not yet applied").register(registry);
            Gauge.builder("payment.callbacks.pending.oldest.seconds", inbox, pending -> {
                        Instant oldest = pending.oldestPending();
                        return oldest == null ? 0 : Duration.between(oldest, clock.instant()).toSeconds();
                    })
                    .description("How long the oldest callback not yet applied has waited").register(registry);
        };
    }
}
