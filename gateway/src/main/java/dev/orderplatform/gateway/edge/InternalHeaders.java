package dev.orderplatform.gateway.edge;

import dev.orderplatform.gateway.config.EdgeProperties;
import java.util.Locale;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Removes, from every inbound request, the headers that mean something only between services: Seata's XID and branch
 * type, the transaction deadline, the service credential — in every spelling (case, {@code -} or {@code _}), since
 * servers differ in how they match names — and the benchmark's flow switch unless the stack runs with
 * {@code --bench}. The services refuse these on their own ports too (defense in depth); at the edge they are dropped,
 * so a client's stray header never reaches them.
 */
@Component
public class InternalHeaders implements WebFilter, Ordered {

    static final Set<String> INTERNAL = Set.of("tx_xid", "tx_branch_type", "tx_deadline", "service_authorization");
    static final String BENCHMARK_FLOW = "x_benchmark_flow";

    private final boolean allowBenchmarkHeader;

    public InternalHeaders(EdgeProperties properties) {
        this.allowBenchmarkHeader = properties.allowBenchmarkHeader();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().keySet().stream().noneMatch(this::internal)) {
            return chain.filter(exchange);
        }
        ServerHttpRequest stripped = request.mutate().headers(headers -> headers.keySet().removeIf(this::internal)).build();
        return chain.filter(exchange.mutate().request(stripped).build());
    }

    boolean internal(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT).replace('-', '_');
        return INTERNAL.contains(name) || (!allowBenchmarkHeader && BENCHMARK_FLOW.equals(name));
    }

    /** Before the path firewall and routing: nothing downstream ever sees these headers. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
