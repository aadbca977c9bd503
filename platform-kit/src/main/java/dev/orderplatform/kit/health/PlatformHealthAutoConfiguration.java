package dev.orderplatform.kit.health;

import com.mongodb.client.MongoDatabase;
import io.seata.tm.TransactionManagerHolder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The readiness checks of the servers a service needs besides its database and Redis (Spring Boot checks those):
 * the Seata TC, the RocketMQ broker (where the service publishes), MongoDB (points-svc's store, without Spring Data).
 * Each service names the ones it needs in its {@code management.endpoint.health.group.readiness.include}; liveness
 * names none of them, so a server outage takes instances out of rotation without getting them restarted.
 */
@AutoConfiguration
public class PlatformHealthAutoConfiguration {

    /**
     * {@code platform.dependency.up{dependency}}: 1 while the server answers its readiness question, else 0 — what the
     * "TC unreachable" alert watches (a scrape asks, within the same patience, one question at a time).
     */
    @Bean
    MeterBinder dependencyGauges(ObjectProvider<AnswerWithinPatience> checks) {
        return registry -> checks.orderedStream().forEach(check -> Gauge.builder("platform.dependency.up", check,
                        answering -> answering.health().getStatus().equals(Status.UP) ? 1 : 0)
                .description("1 while the server answers the service's readiness question within its patience")
                .tag("dependency", check.dependency())
                .register(registry));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(TransactionManagerHolder.class)
    @ConditionalOnProperty(name = "seata.enabled", havingValue = "true", matchIfMissing = true)
    static class Coordinator {
        @Bean
        TransactionCoordinatorHealth transactionCoordinatorHealthIndicator(@Value("${platform.health.patience}") Duration patience) {
            return new TransactionCoordinatorHealth(patience);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DefaultMQProducer.class)
    static class Broker {
        @Bean
        @ConditionalOnBean(DefaultMQProducer.class)
        MessageBrokerHealth messageBrokerHealthIndicator(ObjectProvider<DefaultMQProducer> producers,
                                                         @Value("${platform.health.patience}") Duration patience) {
            return new MessageBrokerHealth(producers.orderedStream().findFirst().orElseThrow(), patience);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MongoDatabase.class)
    static class Mongo {
        @Bean
        @ConditionalOnBean(MongoDatabase.class)
        MongoHealth mongoHealthIndicator(ObjectProvider<MongoDatabase> databases,
                                         @Value("${platform.health.patience}") Duration patience) {
            return new MongoHealth(databases.orderedStream().findFirst().orElseThrow(), patience);
        }
    }
}
