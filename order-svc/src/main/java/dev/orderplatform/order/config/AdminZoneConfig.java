package dev.orderplatform.order.config;

import static dev.orderplatform.kit.security.AdminEndpoints.rule;

import dev.orderplatform.kit.security.AdminEndpoints;
import dev.orderplatform.kit.security.AdminRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may call order-svc's admin API ({@code /admin/**}, see AdminController): what only reads — or, like a dry run
 * or a reconciliation, only proposes — needs a viewer; what changes orders or creates a flash sale needs an operator. Whatever is not listed
 * needs the admin role. A real (not dry) compensation run is checked for the operator role by its handler, which
 * alone sees the body.
 */
@Configuration(proxyBeanMethods = false)
public class AdminZoneConfig {

    @Bean
    AdminEndpoints orderAdminEndpoints() {
        return AdminEndpoints.of(
                rule(HttpMethod.GET, AdminRole.VIEWER, "/admin/stragglers", "/admin/compensation-runs", "/admin/compensation-runs/*",
                        "/admin/audit", "/admin/transactions/*"),
                rule(HttpMethod.POST, AdminRole.VIEWER, "/admin/compensation-runs", "/admin/reconciliations"),
                rule(HttpMethod.POST, AdminRole.OPERATOR, "/admin/orders/*/force-cancel", "/admin/orders/*/force-complete",
                        "/admin/flash-sales"));
    }
}
