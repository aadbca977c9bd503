package dev.orderplatform.kit.security;

import dev.orderplatform.kit.web.RequestBodyLimit;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.autoconfigure.security.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The three trust zones of every service, as Spring Security filter chains, each matched on the normalised path (the
 * way Spring MVC routes it; Spring Security's firewall refuses encoded slashes, path parameters and traversals first):
 *
 * <ol>
 *   <li><b>service</b> — {@code /internal/**}: only a valid service token ({@link ServiceTokens}, header
 *       {@value ServiceTokens#HEADER}) from one of this service's {@code platform.service-auth.callers}; anything else
 *       401/403 before a handler runs, so nothing is read or written. Only here may a request carry a Seata XID.</li>
 *   <li><b>admin</b> — {@code /admin/**} and the endpoints a service declares in {@link AdminEndpoints}: an admin
 *       bearer token ({@code Authorization}) holding the role the rule asks for. The operator page itself
 *       ({@code GET /admin}, {@code /admin/ui/**}) is open: it holds no data, and every call it makes is guarded.</li>
 *   <li><b>public</b> — everything else, open to anyone; no credential of another zone means anything here.</li>
 * </ol>
 * The actuator sits beside them: health and info are open, the rest (metrics, Prometheus) needs an admin-zone token
 * with the {@link AdminRole#METRICS} role. Public, admin and actuator requests that carry a transaction context are
 * refused ({@link TransactionContextRefusal}). Every request body is bounded before it is read ({@link RequestBodyLimit}).
 */
@AutoConfiguration(before = {SecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
        UserDetailsServiceAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class})
@EnableWebSecurity
@EnableConfigurationProperties({SecurityProperties.class, ServiceAuthProperties.class, RequestBodyLimit.Settings.class})
public class TrustZones {

    /** The Spring Security authority a service token of {@code service} carries. */
    public static String serviceAuthority(String service) {
        return "SERVICE_" + service;
    }

    @Bean
    BearerTokens bearerTokens(SecurityProperties properties) {
        return new BearerTokens(properties);
    }

    @Bean
    AdminTokenIntrospector adminTokenIntrospector(BearerTokens tokens) {
        return new AdminTokenIntrospector(tokens);
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return new ProblemAnswers("nothing");
    }

    /** Before Spring Security (order -100) and everything else that might read the body. */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(RequestBodyLimit.Settings settings) {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(new RequestBodyLimit(settings));
        registration.setOrder(-200);
        return registration;
    }

    @Bean
    ServiceTokens.Issuer serviceTokenIssuer(ServiceAuthProperties properties, Clock clock) {
        if (properties.keyFile() == null) {
            throw new IllegalStateException("platform.service-auth.key-file (SERVICE_KEY_FILE) is not set: without its key this "
                    + "service cannot call another one. ./stack generates the keys; see docs/security.md.");
        }
        return ServiceTokens.issuer(properties.keyFile(), properties.tokenTtl(), clock);
    }

    @Bean
    ServiceTokenFeignInterceptor serviceTokenFeignInterceptor(ServiceTokens.Issuer issuer) {
        return new ServiceTokenFeignInterceptor(issuer);
    }

    @Bean
    @Order(1)
    SecurityFilterChain serviceZone(HttpSecurity http, ServiceAuthProperties properties, Clock clock,
                                    @Value("${spring.application.name}") String self) throws Exception {
        if (properties.trustFile() == null) {
            throw new IllegalStateException("platform.service-auth.trust-file (SERVICE_TRUST_FILE) is not set: without the "
                    + "services' public keys no internal call could be verified. ./stack generates them.");
        }
        ProblemAnswers answers = new ProblemAnswers("a service token ('" + ServiceTokens.HEADER + ": Bearer <token>')");
        DefaultBearerTokenResolver serviceTokenHeader = new DefaultBearerTokenResolver();
        serviceTokenHeader.setBearerTokenHeaderName(ServiceTokens.HEADER);
        JwtAuthenticationConverter callerOfToken = new JwtAuthenticationConverter();
        callerOfToken.setJwtGrantedAuthoritiesConverter(jwt -> List.of(new SimpleGrantedAuthority(serviceAuthority(jwt.getSubject()))));
        String[] callers = properties.callers().stream().map(TrustZones::serviceAuthority).toArray(String[]::new);
        common(http.securityMatcher("/internal/**"), answers)
                .authorizeHttpRequests(rules -> {
                    if (callers.length == 0) {
                        rules.anyRequest().denyAll();
                    } else {
                        rules.anyRequest().hasAnyAuthority(callers);
                    }
                })
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(serviceTokenHeader)
                        .jwt(jwt -> jwt.decoder(ServiceTokens.decoder(properties.trustFile(), self, clock))
                                .jwtAuthenticationConverter(callerOfToken))
                        .authenticationEntryPoint(answers)
                        .accessDeniedHandler(answers));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorZone(HttpSecurity http, AdminTokenIntrospector tokens) throws Exception {
        ProblemAnswers answers = new ProblemAnswers("'Authorization: Bearer <token>' of a token with the metrics role");
        common(http.securityMatcher(EndpointRequest.toAnyEndpoint()), answers)
                .addFilterBefore(new TransactionContextRefusal(), AuthorizationFilter.class)
                .authorizeHttpRequests(rules -> rules
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class)).permitAll()
                        .anyRequest().hasRole(AdminRole.METRICS.name()))
                .oauth2ResourceServer(server -> server.opaqueToken(opaque -> opaque.introspector(tokens))
                        .authenticationEntryPoint(answers).accessDeniedHandler(answers));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain adminZone(HttpSecurity http, AdminTokenIntrospector tokens, ObjectProvider<AdminEndpoints> declared)
            throws Exception {
        AdminEndpoints endpoints = AdminEndpoints.combined(declared.orderedStream());
        ProblemAnswers answers = new ProblemAnswers("'Authorization: Bearer <admin token>'");
        http.securityMatchers(zone -> {
            zone.requestMatchers("/admin", "/admin/**");
            endpoints.rules().forEach(rule -> zone.requestMatchers(rule.method(), rule.patterns().toArray(String[]::new)));
        });
        common(http, answers)
                .addFilterBefore(new TransactionContextRefusal(), AuthorizationFilter.class)
                .authorizeHttpRequests(rules -> {
                    rules.requestMatchers(HttpMethod.GET, "/admin", "/admin/ui/**").permitAll();
                    endpoints.rules().forEach(rule ->
                            rules.requestMatchers(rule.method(), rule.patterns().toArray(String[]::new)).hasRole(rule.role().name()));
                    rules.anyRequest().hasRole(AdminRole.ADMIN.name());
                })
                .oauth2ResourceServer(server -> server.opaqueToken(opaque -> opaque.introspector(tokens))
                        .authenticationEntryPoint(answers).accessDeniedHandler(answers));
        return http.build();
    }

    @Bean
    @Order(4)
    SecurityFilterChain publicZone(HttpSecurity http) throws Exception {
        common(http, new ProblemAnswers("nothing"))
                .addFilterBefore(new TransactionContextRefusal(), AuthorizationFilter.class)
                .authorizeHttpRequests(rules -> rules.anyRequest().permitAll());
        return http.build();
    }

    /** What every zone shares: stateless, no cookies or sessions (so no CSRF), no login or logout pages. */
    private static HttpSecurity common(HttpSecurity http, ProblemAnswers answers) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(answers).accessDeniedHandler(answers))
                .headers(Customizer.withDefaults());
    }
}
