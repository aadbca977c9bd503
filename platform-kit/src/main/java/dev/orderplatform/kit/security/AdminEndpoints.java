package dev.orderplatform.kit.security;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.http.HttpMethod;

/**
 * The admin-zone endpoints a service declares, each with the least role it needs. Everything under {@code /admin}
 * is in the admin zone anyway and needs {@link AdminRole#ADMIN} unless declared here with a lesser role; an endpoint
 * outside {@code /admin} (a restock, a top-up) is in the admin zone only because it is declared here. Patterns are
 * matched by Spring Security against the normalised path, the way Spring MVC routes it, so no spelling of a path
 * ({@code /%61dmin}, {@code /admin;x=1}) reaches a handler without passing the rule. Services declare one bean.
 */
public record AdminEndpoints(List<Rule> rules) {

    public AdminEndpoints {
        rules = List.copyOf(rules);
    }

    /** {@code method} on each of {@code patterns} (Spring path patterns) needs {@code role}. */
    public record Rule(HttpMethod method, AdminRole role, List<String> patterns) {
    }

    public static AdminEndpoints of(Rule... rules) {
        return new AdminEndpoints(Arrays.asList(rules));
    }

    public static Rule rule(HttpMethod method, AdminRole role, String... patterns) {
        return new Rule(method, role, List.of(patterns));
    }

    /** Every endpoint a service declares, together: several beans (a service's own and a shared one) add up. */
    public static AdminEndpoints combined(Stream<AdminEndpoints> declared) {
        return new AdminEndpoints(declared.flatMap(endpoints -> endpoints.rules().stream()).toList());
    }
}
