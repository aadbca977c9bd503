package dev.orderplatform.gateway.edge;

import dev.orderplatform.gateway.config.EdgeProperties;
import java.net.InetSocketAddress;
import java.util.Map;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Limits the unauthenticated routes (metadata {@code rate-limited: true}) per client address: one token bucket per
 * address in Redis (Spring Cloud Gateway's {@link RedisRateLimiter}: {@code edge.rate-limit.per-second}, burst
 * {@code edge.rate-limit.burst}), shared by every gateway instance and by all those routes. Past it: 429 with
 * {@code Retry-After}, nothing forwarded. The address is the TCP peer's, never a forwarded-for header a client could
 * write itself (behind a load balancer, configure it to pass the real address and trust only that hop). If Redis
 * cannot be reached the limiter lets requests through: an edge that fails closed would take the whole platform down
 * with Redis. Written as a global filter (rather than the RequestRateLimiter route filter) to answer with a problem
 * body and a Retry-After. The limiter itself is configured in {@code EdgeConfig}.
 */
@Component
public class ClientAddressRateLimit implements GlobalFilter, Ordered {

    static final String RATE_LIMITED = "rate-limited";
    /** Every limited route draws from the same bucket of an address. */
    private static final String BUCKET = "public";

    private final RedisRateLimiter limiter;

    public ClientAddressRateLimit(RedisRateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        InetSocketAddress peer = exchange.getRequest().getRemoteAddress();
        if (route == null || !Boolean.parseBoolean(String.valueOf(route.getMetadata().get(RATE_LIMITED))) || peer == null) {
            return chain.filter(exchange);
        }
        return limiter.isAllowed(BUCKET, peer.getAddress().getHostAddress()).flatMap(answer -> answer.isAllowed()
                ? chain.filter(exchange)
                : Mono.error(new EdgeRefusal(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                        "Too many requests from this address; slow down.", Map.of(HttpHeaders.RETRY_AFTER, "1"))));
    }

    /** After the size limits (a refused oversized request costs no token), before the route's filters. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
