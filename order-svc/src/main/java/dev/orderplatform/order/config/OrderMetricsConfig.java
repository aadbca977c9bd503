package dev.orderplatform.order.config;

import dev.orderplatform.order.domain.OrderStatus;
import dev.orderplatform.order.domain.PaymentMethod;
import dev.orderplatform.order.domain.RejectionReason;
import dev.orderplatform.order.store.OrderFinished;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * What operators chart and alert on that only order-svc knows (deploy/observability): how orders end, and sagas that
 * are still running or whose compensation has not finished.
 */
@Configuration(proxyBeanMethods = false)
public class OrderMetricsConfig {

    /**
     * {@code orders.outcomes{payment, status, reason}}: every order that reached its terminal status, counted once,
     * after the commit that recorded it ({@code reason} is {@code none} unless rejected). The order error rate is the
     * share rejected {@code UNAVAILABLE} or {@code TIMEOUT} — what the platform failed, not what the customer lacked.
     */
    @Bean
    OrderOutcomes orderOutcomes(MeterRegistry registry) {
        return new OrderOutcomes(registry);
    }

    public static final class OrderOutcomes {
        private record Outcome(PaymentMethod payment, OrderStatus status, RejectionReason reason) {
        }

        private final MeterRegistry registry;
        private final Map<Outcome, Counter> counters = new ConcurrentHashMap<>();

        OrderOutcomes(MeterRegistry registry) {
            this.registry = registry;
        }

        @TransactionalEventListener(fallbackExecution = true)
        public void count(OrderFinished finished) {
            Outcome outcome = new Outcome(finished.payment(), finished.status(), finished.reason());
            counters.computeIfAbsent(outcome, k -> Counter.builder("orders.outcomes")
                    .description("Orders that reached a terminal status, by payment, status and rejection reason")
                    .tag("payment", k.payment().name())
                    .tag("status", k.status().name())
                    .tag("reason", k.reason() == null ? "none" : k.reason().name())
                    .register(registry)).increment();
        }
    }

    /**
     * {@code sagas.instances{state}}: saga instances still {@code running}, and those that failed with their
     * compensation not (yet) succeeded ({@code compensation_unfinished}); {@code sagas.running.oldest.seconds}: how
     * long the oldest running one has run. Read from the saga engine's log on every scrape (the table is pruned).
     */
    @Bean
    MeterBinder sagaStates(JdbcTemplate jdbc, Clock clock) {
        return registry -> {
            Gauge.builder("sagas.instances", jdbc, db -> count(db, "status = 'RU' OR is_running = 1"))
                    .description("Saga instances by state").tag("state", "running").register(registry);
            Gauge.builder("sagas.instances", jdbc, db -> count(db,
                            "status IN ('FA', 'UN') AND (compensation_status IS NULL OR compensation_status <> 'SU')"))
                    .description("Saga instances by state").tag("state", "compensation_unfinished").register(registry);
            Gauge.builder("sagas.running.oldest.seconds", jdbc, db -> {
                        Timestamp oldest = db.queryForObject("SELECT MIN(gmt_started) FROM seata_state_machine_inst "
                                + "WHERE status = 'RU' OR is_running = 1", Timestamp.class);
                        return oldest == null ? 0 : Duration.between(oldest.toInstant(), clock.instant()).toSeconds();
                    })
                    .description("How long the oldest running saga instance has run").register(registry);
        };
    }

    private static double count(JdbcTemplate jdbc, String where) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM seata_state_machine_inst WHERE " + where, Long.class);
        return count == null ? 0 : count;
    }
}
