package dev.orderplatform.gateway.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The edge's bounds ({@code edge.*}); a route's metadata ({@code max-body-bytes}, {@code max-header-bytes},
 * {@code rate-limited}) overrides the first two and opts it into the third.
 *
 * @param maxBodyBytes           the largest request body a route takes unless it says otherwise
 * @param maxHeaderBytes         the most header bytes (names and values) a route takes unless it says otherwise
 * @param rateLimit              requests per second per client address on the unauthenticated routes, and the burst
 * @param allowBenchmarkHeader   pass {@code X-Benchmark-Flow} through (only a stack started with {@code --bench})
 */
@ConfigurationProperties("edge")
public record EdgeProperties(int maxBodyBytes, int maxHeaderBytes, RateLimit rateLimit, boolean allowBenchmarkHeader) {

    public record RateLimit(int perSecond, int burst) {
    }
}
