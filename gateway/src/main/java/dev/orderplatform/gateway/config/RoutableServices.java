package dev.orderplatform.gateway.config;

import org.springframework.boot.actuate.health.AbstractReactiveHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Ready means routable: the edge reports ready ({@code /actuator/health/readiness}) only once its load balancer has an
 * instance of every service its routes name. Before that, a client would get 503 from a gateway that says it is up.
 */
@Component
public class RoutableServices extends AbstractReactiveHealthIndicator {

    private final RouteLocator routes;
    private final ReactiveLoadBalancer.Factory<ServiceInstance> balancers;

    public RoutableServices(RouteLocator routes, ReactiveLoadBalancer.Factory<ServiceInstance> balancers) {
        super("routable services check failed");
        this.routes = routes;
        this.balancers = balancers;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return routedServices().flatMap(service -> Mono.from(balancers.getInstance(service).choose())
                        .map(choice -> choice.hasServer() ? "" : service))
                .filter(missing -> !missing.isEmpty())
                .collectList()
                .map(missing -> missing.isEmpty() ? builder.up().build() : builder.down().withDetail("no instance of", missing).build());
    }

    private Flux<String> routedServices() {
        return routes.getRoutes().filter(route -> "lb".equals(route.getUri().getScheme()))
                .map(route -> route.getUri().getHost()).distinct();
    }
}
