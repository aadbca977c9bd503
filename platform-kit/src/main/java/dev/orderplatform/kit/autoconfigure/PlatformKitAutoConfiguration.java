package dev.orderplatform.kit.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.faults.FaultHooksEndpoint;
import dev.orderplatform.kit.idempotency.IdempotencyGuard;
import dev.orderplatform.kit.idempotency.IdempotencyStore;
import dev.orderplatform.kit.idempotency.IdempotentRequests;
import dev.orderplatform.kit.idempotency.JdbcIdempotencyStore;
import dev.orderplatform.kit.idempotency.MongoIdempotencyStore;
import dev.orderplatform.kit.idempotency.RequestFingerprint;
import dev.orderplatform.kit.security.AdminAccessInterceptor;
import dev.orderplatform.kit.security.BearerTokens;
import dev.orderplatform.kit.security.SecurityProperties;
import dev.orderplatform.kit.tcc.GlobalTransactionPropagation;
import dev.orderplatform.kit.tcc.MongoTccFence;
import dev.orderplatform.kit.tcc.ParticipantErrorDecoder;
import feign.codec.ErrorDecoder;
import dev.orderplatform.kit.web.ProblemDetailsAdvice;
import dev.orderplatform.kit.web.StrictJsonConfiguration;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Wires the kit into every service: errors, strict JSON, admin auth, deadline propagation, idempotency. */
@AutoConfiguration(after = JdbcTemplateAutoConfiguration.class)
@EnableConfigurationProperties(SecurityProperties.class)
public class PlatformKitAutoConfiguration {

    /** UTC, millisecond resolution: what MySQL DATETIME(3) and BSON dates store, so values round-trip exactly. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    @Bean
    ProblemDetailsAdvice problemDetailsAdvice() {
        return new ProblemDetailsAdvice();
    }

    @Bean
    FaultHooks faultHooks(@Value("${platform.fault-hooks.enabled:false}") boolean enabled) {
        return new FaultHooks(enabled);
    }

    @Bean
    FaultHooksEndpoint faultHooksEndpoint(FaultHooks hooks) {
        return new FaultHooksEndpoint(hooks);
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJson() {
        return new StrictJsonConfiguration().strictJson();
    }

    @Bean
    BearerTokens bearerTokens(SecurityProperties properties) {
        return new BearerTokens(properties);
    }

    @Bean
    WebMvcConfigurer platformInterceptors(BearerTokens tokens) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new AdminAccessInterceptor(tokens));
                registry.addInterceptor(new GlobalTransactionPropagation.DeadlineWebInterceptor());
            }
        };
    }

    @Bean
    GlobalTransactionPropagation.DeadlineFeignInterceptor deadlineFeignInterceptor() {
        return new GlobalTransactionPropagation.DeadlineFeignInterceptor();
    }

    @Bean
    @ConditionalOnMissingBean(ErrorDecoder.class)
    ErrorDecoder participantErrorDecoder(ObjectMapper json) {
        return new ParticipantErrorDecoder(json);
    }

    @Bean
    @ConditionalOnBean(IdempotencyStore.class)
    IdempotentRequests idempotentRequests(IdempotencyStore store, Clock clock, ObjectMapper json) {
        IdempotencyGuard guard = new IdempotencyGuard(store, clock, Duration.ofHours(24));
        return new IdempotentRequests(guard, new RequestFingerprint(json), json);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcTemplate.class)
    @ConditionalOnBean(JdbcTemplate.class)
    static class JdbcStores {
        @Bean
        @ConditionalOnMissingBean
        IdempotencyStore jdbcIdempotencyStore(JdbcTemplate jdbc) {
            return new JdbcIdempotencyStore(jdbc);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MongoDatabase.class)
    @ConditionalOnBean(MongoDatabase.class)
    static class MongoStores {
        @Bean
        @ConditionalOnMissingBean
        IdempotencyStore mongoIdempotencyStore(MongoDatabase database) {
            return new MongoIdempotencyStore(database);
        }

        @Bean
        @ConditionalOnMissingBean
        MongoTccFence mongoTccFence(Clock clock) {
            return new MongoTccFence(clock);
        }
    }
}
