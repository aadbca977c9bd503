package dev.orderplatform.gateway.edge;

import dev.orderplatform.gateway.config.EdgeProperties;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bounds each routed request by its route's {@code max-header-bytes} (431) and {@code max-body-bytes} (413), before
 * anything is forwarded or buffered: a declared {@code Content-Length} over the limit is refused at once; a body
 * without one (chunked) is counted as it streams through and cut off as soon as it passes the limit. (Spring Cloud
 * Gateway's RequestSize filter looks at Content-Length only, so a chunked body would pass it whole.) Runs before the
 * route's own filters, so a retry that caches the body never caches more than the limit.
 */
@Component
public class RouteLimits implements GlobalFilter, Ordered {

    static final String MAX_BODY = "max-body-bytes";
    static final String MAX_HEADERS = "max-header-bytes";

    private final EdgeProperties defaults;

    public RouteLimits(EdgeProperties defaults) {
        this.defaults = defaults;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        Map<String, Object> metadata = route == null ? Map.of() : route.getMetadata();
        ServerHttpRequest request = exchange.getRequest();

        long maxHeaders = number(metadata.get(MAX_HEADERS), defaults.maxHeaderBytes());
        long headerBytes = headerBytes(request.getHeaders());
        if (headerBytes > maxHeaders) {
            return Mono.error(new EdgeRefusal(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large",
                    "This endpoint takes at most " + maxHeaders + " bytes of headers; these are " + headerBytes + ".", Map.of()));
        }
        long maxBody = number(metadata.get(MAX_BODY), defaults.maxBodyBytes());
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBody) {
            return Mono.error(tooLarge(maxBody, "declares " + declared));
        }
        if (declared >= 0 || !hasBody(request)) {
            return chain.filter(exchange);
        }
        AtomicLong seen = new AtomicLong();
        Flux<DataBuffer> bounded = request.getBody().map(buffer -> {
            if (seen.addAndGet(buffer.readableByteCount()) > maxBody) {
                DataBufferUtils.release(buffer);
                throw tooLarge(maxBody, "is longer");
            }
            return buffer;
        });
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return bounded;
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private static EdgeRefusal tooLarge(long limit, String what) {
        return new EdgeRefusal(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                "This endpoint takes bodies of at most " + limit + " bytes; this one " + what + ". Nothing was forwarded.",
                Map.of(HttpHeaders.CONNECTION, "close"));
    }

    private static boolean hasBody(ServerHttpRequest request) {
        List<String> encoding = request.getHeaders().get(HttpHeaders.TRANSFER_ENCODING);
        return encoding != null && !encoding.isEmpty();
    }

    static long headerBytes(HttpHeaders headers) {
        long bytes = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                bytes += header.getKey().length() + value.length() + 4; // ": " and CRLF
            }
        }
        return bytes;
    }

    private static long number(Object configured, long fallback) {
        if (configured instanceof Number number) {
            return number.longValue();
        }
        return configured == null ? fallback : Long.parseLong(configured.toString());
    }

    /** Before the route's own filters (retry, rate limit) and the forwarding itself. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
