package dev.orderplatform.gateway.edge;

import java.util.List;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses (400) request paths that a route's pattern and the service behind it could read differently: dot segments,
 * empty segments, path parameters, backslashes, and encoded slashes, dots, backslashes, semicolons or percent signs.
 * The gateway matches routes on the path as sent, while the services decode and normalise it, so without this
 * {@code /api/orders/..%2f..%2finternal/x} would match the orders route and reach {@code /internal/x} (where the service
 * token requirement would still refuse it). Spring Security's StrictHttpFirewall makes the same refusals on the
 * services' own ports.
 */
@Component
public class PathFirewall implements WebFilter, Ordered {

    private static final List<String> ENCODED = List.of("%2f", "%2e", "%5c", "%3b", "%25", "%00");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String raw = exchange.getRequest().getURI().getRawPath();
        if (raw == null || !acceptable(raw)) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "The request path has encoded separators, dot segments, empty segments or path parameters."));
        }
        return chain.filter(exchange);
    }

    static boolean acceptable(String rawPath) {
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("/") || lower.contains("//") || lower.contains(";") || lower.contains("\\")) {
            return false;
        }
        if (ENCODED.stream().anyMatch(lower::contains)) {
            return false;
        }
        for (String segment : lower.substring(1).split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
