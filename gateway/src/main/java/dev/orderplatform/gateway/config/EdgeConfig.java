package dev.orderplatform.gateway.config;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The per-address limiter of the unauthenticated routes, from {@code edge.rate-limit} (Spring Cloud Gateway's own is left out). */
@Configuration(proxyBeanMethods = false)
public class EdgeConfig {

    @Bean
    RedisRateLimiter redisRateLimiter(EdgeProperties properties) {
        return new RedisRateLimiter(properties.rateLimit().perSecond(), properties.rateLimit().burst());
    }
}
