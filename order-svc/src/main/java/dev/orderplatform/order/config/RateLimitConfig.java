package dev.orderplatform.order.config;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Token buckets for the per-user order rate limit, kept in Redis so every order-svc instance draws from the same
 * bucket (Bucket4j's compare-and-swap proxy over Lettuce). A bucket expires from Redis once it would be full again,
 * so idle users cost nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitConfig.OrderRateLimits.class)
public class RateLimitConfig {

    /**
     * {@code platform.rate-limit.orders}: per user, a burst of {@code capacity} orders, then {@code refillPerSecond}.
     * {@code requestTimeout} bounds each Redis round trip; past it the limiter lets the order through.
     */
    @ConfigurationProperties("platform.rate-limit.orders")
    public record OrderRateLimits(long capacity, long refillPerSecond, Duration requestTimeout) {
    }

    @Bean(destroyMethod = "shutdown")
    RedisClient rateLimitRedis(@Value("${spring.data.redis.url}") String url) {
        return RedisClient.create(url);
    }

    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, byte[]> rateLimitConnection(RedisClient rateLimitRedis) {
        return rateLimitRedis.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    @Bean
    ProxyManager<String> orderRateBuckets(StatefulRedisConnection<String, byte[]> rateLimitConnection, OrderRateLimits limits) {
        return Bucket4jLettuce.casBasedBuilder(rateLimitConnection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .requestTimeout(limits.requestTimeout())
                .build();
    }
}
