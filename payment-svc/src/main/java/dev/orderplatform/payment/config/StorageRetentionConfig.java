package dev.orderplatform.payment.config;

import dev.orderplatform.kit.retention.JdbcRetainedStores;
import dev.orderplatform.kit.retention.RetainedStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * payment-svc's records that are deleted after their retention ({@code platform.retention.keep.*}, application.yml),
 * by the kit's storage pruning, one instance at a time (the kit's JDBC lock provider; its table is migration V5).
 * Wallets, top-ups, payments and refunds are the money ledger and are kept. Idempotency keys: the kit.
 */
@Configuration
public class StorageRetentionConfig {

    /**
     * Processed callback events (the inbox is also how a redelivered event is recognised, hence the retention
     * outlives the provider's lookback). Events not processed yet are never deleted, however old.
     */
    @Bean
    RetainedStore callbackInboxRetention(JdbcTemplate jdbc) {
        return JdbcRetainedStores.rows("callback-inbox", jdbc, """
                DELETE FROM payment_callback_inbox WHERE processed_at IS NOT NULL AND processed_at < ?
                ORDER BY processed_at LIMIT ?""");
    }

    /** Callbacks refused as forged, malformed or inconsistent: evidence for a while, then deleted oldest first. */
    @Bean
    RetainedStore callbackAnomaliesRetention(JdbcTemplate jdbc) {
        return JdbcRetainedStores.rows("callback-anomalies", jdbc,
                "DELETE FROM payment_callback_anomalies WHERE received_at < ? ORDER BY received_at LIMIT ?");
    }
}
