package dev.orderplatform.order.api;

import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.order.config.RateLimitConfig.OrderRateLimits;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The per-user limit on placing orders (docs/api.md: 429 with {@code Retry-After}). Checked after the request was
 * validated and before anything is written, so a refused request leaves no trace but its token. Every request
 * counts, replays of an Idempotency-Key included: the limit protects the service, not the ledger.
 *
 * <p>If Redis cannot be reached the order goes through (and {@code orders.rate.limit{result=unchecked}} counts
 * it): a rate limiter that takes checkout down with it would do more harm than the abuse it stops.
 */
@Component
public class PerUserOrderRateLimit {

    private static final Logger log = LoggerFactory.getLogger(PerUserOrderRateLimit.class);

    /**
     * Requests of one user are taken to Redis one at a time per instance. Bucket4j's Redis buckets are
     * compare-and-swap: a user firing a burst at one instance would otherwise make their own requests retry against
     * each other until the request timeout — and a timed-out check lets the order through. With the stripes, only
     * instances contend for a bucket. Striped by hash (not one lock per user) so memory stays bounded.
     */
    private final ReentrantLock[] stripes = IntStream.range(0, 256).mapToObj(i -> new ReentrantLock()).toArray(ReentrantLock[]::new);

    private final ProxyManager<String> buckets;
    private final BucketConfiguration perUser;
    private final Duration requestTimeout;
    private final MeterRegistry meters;

    public PerUserOrderRateLimit(ProxyManager<String> orderRateBuckets, OrderRateLimits limits, MeterRegistry meters) {
        this.buckets = orderRateBuckets;
        this.perUser = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(limits.capacity()).refillGreedy(limits.refillPerSecond(), Duration.ofSeconds(1)))
                .build();
        this.requestTimeout = limits.requestTimeout();
        this.meters = meters;
    }

    /** Takes one token from {@code userId}'s bucket, or refuses with 429 and how long until the next one. */
    public void admit(String userId) {
        ConsumptionProbe probe;
        ReentrantLock stripe = stripes[Math.floorMod(userId.hashCode(), stripes.length)];
        if (!lock(stripe)) {
            // this user's requests queue up on this instance faster than Redis answers them: that is over any limit
            throw refusal(userId, 1);
        }
        try {
            probe = buckets.builder().build("rate-limit:orders:" + userId, () -> perUser).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException redisDown) {
            log.warn("Order rate limit not checked for {}: {}", userId, redisDown.toString());
            meters.counter("orders.rate.limit", "result", "unchecked").increment();
            return;
        } finally {
            stripe.unlock();
        }
        if (probe.isConsumed()) {
            meters.counter("orders.rate.limit", "result", "admitted").increment();
            return;
        }
        throw refusal(userId, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L)));
    }

    private boolean lock(ReentrantLock stripe) {
        try {
            return stripe.tryLock(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ApiException refusal(String userId, long retryAfter) {
        meters.counter("orders.rate.limit", "result", "refused").increment();
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, Problems.TOO_MANY_REQUESTS, "Too many requests",
                "User " + userId + " is placing orders faster than allowed; retry after " + retryAfter + " s",
                Map.of("retryAfterSeconds", retryAfter), Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter)));
    }
}
