package dev.orderplatform.points.config;

import static dev.orderplatform.kit.security.AdminEndpoints.rule;

import dev.orderplatform.kit.security.AdminEndpoints;
import dev.orderplatform.kit.security.AdminRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * A grant ({@code POST /api/points/{userId}/grants}) is in the admin zone and needs the admin role (docs/api.md); the rest of `/api/points` is public. Everything under
 * {@code /admin} (fence cleanup, the test stack's fault hooks) needs the admin role without being listed.
 */
@Configuration(proxyBeanMethods = false)
public class AdminZoneConfig {

    @Bean
    AdminEndpoints pointsAdminEndpoints() {
        return AdminEndpoints.of(rule(HttpMethod.POST, AdminRole.ADMIN, "/api/points/*/grants"));
    }
}
