package dev.orderplatform.kit.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import dev.orderplatform.kit.benchmark.BenchmarkWrites;
import dev.orderplatform.kit.benchmark.SeataAtDataSource;
import dev.orderplatform.kit.conformance.ConformanceEndpoint;
import dev.orderplatform.kit.conformance.ConformanceTarget;
import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.faults.FaultHooksEndpoint;
import dev.orderplatform.kit.idempotency.IdempotencyGuard;
import dev.orderplatform.kit.idempotency.IdempotencyStore;
import dev.orderplatform.kit.idempotency.IdempotentRequests;
import dev.orderplatform.kit.idempotency.JdbcIdempotencyStore;
import dev.orderplatform.kit.idempotency.MongoIdempotencyStore;
import dev.orderplatform.kit.idempotency.RequestFingerprint;
import dev.orderplatform.kit.tcc.FenceMaintenance;
import dev.orderplatform.kit.ledger.OrderLedger;
import dev.orderplatform.kit.ledger.OrderLedgerEndpoint;
import dev.orderplatform.kit.tcc.FenceMaintenanceEndpoint;
import dev.orderplatform.kit.tcc.GlobalTransactionPropagation;
import dev.orderplatform.kit.tcc.InDoubtBranches;
import dev.orderplatform.kit.tcc.InDoubtBranchesEndpoint;
import dev.orderplatform.kit.retention.JdbcRetainedStores;
import dev.orderplatform.kit.retention.MongoRetainedStores;
import dev.orderplatform.kit.retention.RetainedStore;
import dev.orderplatform.kit.retention.RetentionSettings;
import dev.orderplatform.kit.retention.StoragePruning;
import dev.orderplatform.kit.retention.StoragePruningEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.bson.Document;
import dev.orderplatform.kit.tcc.JdbcTccFence;
import dev.orderplatform.kit.tcc.MongoTccFence;
import dev.orderplatform.kit.tcc.ParticipantErrorDecoder;
import dev.orderplatform.kit.tcc.TccMetrics;
import dev.orderplatform.kit.tcc.TccSettings;
import dev.orderplatform.kit.web.ProblemDetailsAdvice;
import dev.orderplatform.kit.web.StoreUnavailableAdvice;
import dev.orderplatform.kit.web.StrictJsonConfiguration;
import feign.codec.ErrorDecoder;
import org.apache.hc.core5.util.TimeValue;
import org.springframework.cloud.openfeign.clientconfig.HttpClient5FeignConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import dev.orderplatform.kit.tracing.PhaseTwoTraces;
import dev.orderplatform.kit.tracing.TransactionTraceTags;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Wires the kit into every service: errors, strict JSON, deadline propagation, idempotency, the TCC fences with
 * their metrics and cleanup, and (test mode only) fault hooks and conformance endpoints. The trust zones (who may
 * call what) are {@link dev.orderplatform.kit.security.TrustZones}.
 */
@AutoConfiguration(after = {JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class})
@EnableConfigurationProperties({TccSettings.class, RetentionSettings.class})
@EnableScheduling
public class PlatformKitAutoConfiguration {

    /** Name of the MySQL fence bean: MySQL TCC actions declare {@code @DependsOn} on it. */
    public static final String JDBC_TCC_FENCE = "jdbcTccFence";

    /**
     * Settings that must agree ({@link SettingsAgreement}) are checked before any bean is built from them, so a
     * service whose settings disagree refuses to start (before it opens its port or registers in Nacos).
     */
    @Bean
    static BeanFactoryPostProcessor settingsAgreement(Environment environment) {
        return beanFactory -> SettingsAgreement.check(environment);
    }

    /** UTC, millisecond resolution: what MySQL DATETIME(3) and BSON dates store, so values round-trip exactly. */
    @Bean
    TransactionTraceTags transactionTraceTags(ObjectProvider<Tracer> tracer) {
        return new TransactionTraceTags(tracer);
    }

    @Bean
    PhaseTwoTraces phaseTwoTraces(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new PhaseTwoTraces(tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    @Bean
    StoreUnavailableAdvice.Other storeUnavailableAdvice() {
        return new StoreUnavailableAdvice.Other();
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
    @ConditionalOnProperty("platform.fault-hooks.enabled")
    ConformanceEndpoint conformanceEndpoint(ObjectProvider<ConformanceTarget> targets) {
        return new ConformanceEndpoint(targets.orderedStream().toList());
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJson() {
        return new StrictJsonConfiguration().strictJson();
    }

    /** Only service-to-service calls carry a deadline: public and admin requests with one are refused before this. */
    @Bean
    WebMvcConfigurer deadlinePropagation() {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new GlobalTransactionPropagation.DeadlineWebInterceptor()).addPathPatterns("/internal/**");
            }
        };
    }

    @Bean
    GlobalTransactionPropagation.DeadlineFeignInterceptor deadlineFeignInterceptor() {
        return new GlobalTransactionPropagation.DeadlineFeignInterceptor();
    }

    /**
     * Feign's calls go through Apache HttpClient 5's connection pool (feign-hc5) instead of the JDK's HttpURLConnection,
     * which cost a fifth of order-svc's CPU per checkout building and writing requests (docs/benchmarks.md). The client
     * never retries on its own — the load balancer's retry, on connection failures only, is the one retry a call gets
     * (platform-defaults, spring.cloud.loadbalancer.retry) — and it closes connections idle for 3 s, well before
     * Tomcat drops them at its 10-s keep-alive timeout, so a call is never sent on a connection the callee is closing.
     */
    @Bean
    HttpClient5FeignConfiguration.HttpClientBuilderCustomizer feignHttpClientWithoutRetries() {
        return builder -> builder.disableAutomaticRetries().evictIdleConnections(TimeValue.ofSeconds(3));
    }

    @Bean
    @ConditionalOnMissingBean(ErrorDecoder.class)
    ErrorDecoder participantErrorDecoder(ObjectMapper json) {
        return new ParticipantErrorDecoder(json);
    }

    @Bean
    TccMetrics tccMetrics(MeterRegistry registry) {
        return new TccMetrics(registry);
    }

    @Bean
    FenceMaintenance fenceMaintenance(ObjectProvider<FenceMaintenance.FencedStore> stores, TccSettings settings, Clock clock) {
        return new FenceMaintenance(stores.orderedStream().toList(), settings, clock);
    }

    @Bean
    InDoubtBranchesEndpoint inDoubtBranchesEndpoint(ObjectProvider<InDoubtBranches> branches) {
        return new InDoubtBranchesEndpoint(branches.orderedStream().toList());
    }

    @Bean
    OrderLedgerEndpoint orderLedgerEndpoint(ObjectProvider<OrderLedger> ledgers) {
        return new OrderLedgerEndpoint(ledgers.orderedStream().toList());
    }

    @Bean
    FenceMaintenanceEndpoint fenceMaintenanceEndpoint(FenceMaintenance maintenance) {
        return new FenceMaintenanceEndpoint(maintenance);
    }

    @Bean
    @ConditionalOnBean(IdempotencyStore.class)
    IdempotentRequests idempotentRequests(IdempotencyStore store, Clock clock, ObjectMapper json,
                                          @Value("${platform.idempotency.replay-window}") Duration replayWindow) {
        IdempotencyGuard guard = new IdempotencyGuard(store, clock, replayWindow);
        return new IdempotentRequests(guard, new RequestFingerprint(json), json);
    }

    /** Deletes what the service's {@link RetainedStore}s keep past their retention; one instance at a time where there is a lock. */
    @Bean
    StoragePruning storagePruning(ObjectProvider<RetainedStore> stores, RetentionSettings settings, Clock clock,
                                  @Value("${platform.jobs.run-budget}") Duration runBudget,
                                  ObjectProvider<LockProvider> locks, ObjectProvider<MeterRegistry> meters) {
        return new StoragePruning(stores.orderedStream().toList(), settings, runBudget, clock, locks.getIfUnique(),
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    StoragePruningEndpoint storagePruningEndpoint(StoragePruning pruning) {
        return new StoragePruningEndpoint(pruning);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcTemplate.class)
    @ConditionalOnBean(JdbcTemplate.class)
    static class JdbcStores {
        @Bean
        StoreUnavailableAdvice.Jdbc jdbcUnavailableAdvice() {
            return new StoreUnavailableAdvice.Jdbc();
        }

        @Bean
        @ConditionalOnMissingBean
        IdempotencyStore jdbcIdempotencyStore(JdbcTemplate jdbc) {
            return new JdbcIdempotencyStore(jdbc);
        }

        /** Keys past the replay window are free again; their records go after {@code platform.retention.keep.idempotency-keys}. */
        @Bean
        @ConditionalOnProperty("platform.retention.keep.idempotency-keys")
        RetainedStore jdbcIdempotencyKeysRetention(JdbcTemplate jdbc) {
            return JdbcRetainedStores.rows("idempotency-keys", jdbc,
                    "DELETE FROM idempotency_keys WHERE created_at < ? ORDER BY created_at LIMIT ?");
        }

        /**
         * Installed in place of Seata's SpringFenceHandler as soon as it is created (see JdbcTccFence), in the
         * participants that use the fence ({@code platform.tcc.jdbc-fence=true}, with the db/seata-fence migration).
         */
        @Bean(JDBC_TCC_FENCE)
        @ConditionalOnBean(PlatformTransactionManager.class)
        @ConditionalOnProperty("platform.tcc.jdbc-fence")
        JdbcTccFence jdbcTccFence(DataSource dataSource, PlatformTransactionManager transactions, TccMetrics metrics, Clock clock,
                                  @Value("${seata.tcc.fence.log-table-name:tcc_fence_log}") String table, PhaseTwoTraces traces) {
            JdbcTccFence fence = new JdbcTccFence(dataSource, transactions, metrics, clock, table, traces);
            fence.install();
            return fence;
        }
    }

    /**
     * One instance at a time (the storage pruning, a service's {@code @SchedulerLock} jobs): ShedLock's lock rows in
     * the service's own MySQL database — its migration creates {@code shedlock} — for a service that brings the JDBC
     * provider and declares no lock of its own. Instances agree on "now" by asking the database, whatever their clocks.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider")
    @ConditionalOnBean(DataSource.class)
    static class JdbcSchedulerLock {
        @Bean
        @ConditionalOnMissingBean(LockProvider.class)
        LockProvider jdbcLockProvider(DataSource dataSource) {
            return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                    .withJdbcTemplate(new JdbcTemplate(dataSource))
                    .usingDbTime()
                    .build());
        }
    }

    /**
     * Benchmark only ({@code ./stack up --bench}): the "at" flow routes its local transactions through Seata's AT
     * proxy; every other path keeps the plain pool. Never active in a shipped configuration.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource")
    @ConditionalOnProperty("platform.benchmark.enabled")
    static class BenchmarkDataSource {
        @Bean
        static BeanPostProcessor seataAtDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource plain && !(bean instanceof SeataAtDataSource) ? new SeataAtDataSource(plain) : bean;
                }
            };
        }

        @Bean
        @ConditionalOnBean(PlatformTransactionManager.class)
        BenchmarkWrites benchmarkWrites(PlatformTransactionManager transactions) {
            return new BenchmarkWrites(transactions);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MongoDatabase.class)
    @ConditionalOnBean(MongoDatabase.class)
    static class MongoStores {
        @Bean
        StoreUnavailableAdvice.Mongo mongoUnavailableAdvice() {
            return new StoreUnavailableAdvice.Mongo();
        }

        @Bean
        @ConditionalOnMissingBean
        IdempotencyStore mongoIdempotencyStore(MongoDatabase database) {
            return new MongoIdempotencyStore(database);
        }

        /** As for MySQL: key records outlive the replay window by {@code platform.retention.keep.idempotency-keys}. */
        @Bean
        @ConditionalOnProperty("platform.retention.keep.idempotency-keys")
        RetainedStore mongoIdempotencyKeysRetention(MongoDatabase database) {
            return MongoRetainedStores.documents("idempotency-keys", database.getCollection(MongoIdempotencyStore.COLLECTION),
                    new Document(), "createdAt");
        }

        @Bean
        @ConditionalOnMissingBean
        MongoTccFence mongoTccFence(MongoDatabase database, Clock clock, TccMetrics metrics) {
            return new MongoTccFence(database, clock, metrics);
        }
    }
}
