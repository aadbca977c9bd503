package dev.orderplatform.payment.config;

import static dev.orderplatform.kit.security.AdminEndpoints.rule;

import dev.orderplatform.kit.security.AdminEndpoints;
import dev.orderplatform.kit.security.AdminRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * A top-up ({@code POST /api/wallets/{userId}/top-ups}) is in the admin zone and needs the admin role (docs/api.md); the rest of `/api/wallets` is public. Everything under
 * {@code /admin} (fence cleanup, the test stack's fault hooks) needs the admin role without being listed.
 */
@Configuration(proxyBeanMethods = false)
public class AdminZoneConfig {

    @Bean
    AdminEndpoints paymentAdminEndpoints() {
        return AdminEndpoints.of(rule(HttpMethod.POST, AdminRole.ADMIN, "/api/wallets/*/top-ups"));
    }
}
