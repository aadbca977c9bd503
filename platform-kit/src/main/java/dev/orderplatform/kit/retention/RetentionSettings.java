package dev.orderplatform.kit.retention;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.retention.*}: how long each retained store keeps its finished records ({@code keep.<store>}), how
 * many one statement deletes ({@code batch}), and how often the pruning runs ({@code interval}, read by the
 * scheduler). {@link dev.orderplatform.kit.autoconfigure.SettingsAgreement} checks each retention against the horizons
 * it must outlive.
 */
@ConfigurationProperties("platform.retention")
public record RetentionSettings(Duration interval, int batch, Map<String, Duration> keep) {

    public RetentionSettings {
        keep = keep == null ? Map.of() : Map.copyOf(keep);
        if (batch < 1) {
            throw new IllegalArgumentException("platform.retention.batch must be at least 1, not " + batch);
        }
        keep.forEach((store, period) -> {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("platform.retention.keep." + store + " must be positive, not " + period);
            }
        });
    }

    /** The retention of {@code store}; a store without one is a configuration error, caught when the service starts. */
    public Duration keepOf(String store) {
        Duration period = keep.get(store);
        if (period == null) {
            throw new IllegalStateException("platform.retention.keep." + store + " is not set: how long should "
                    + store + " keep its finished records?");
        }
        return period;
    }
}
