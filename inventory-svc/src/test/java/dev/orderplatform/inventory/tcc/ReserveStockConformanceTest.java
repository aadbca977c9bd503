package dev.orderplatform.inventory.tcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.baomidou.mybatisplus.autoconfigure.MybatisPlusAutoConfiguration;
import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import dev.orderplatform.inventory.messaging.InProcessRocketMq;
import dev.orderplatform.inventory.messaging.StockChangePublisher;
import dev.orderplatform.inventory.messaging.StockChangeTransactionListener;
import dev.orderplatform.inventory.messaging.StockMessaging;
import dev.orderplatform.inventory.domain.SaleAllocation;
import dev.orderplatform.inventory.store.SaleAllocationStore;
import dev.orderplatform.inventory.store.StockStore;
import dev.orderplatform.kit.conformance.ConformanceTarget;
import dev.orderplatform.kit.conformance.SeataFencedTarget;
import dev.orderplatform.kit.contract.ParticipantContracts.StockLine;
import dev.orderplatform.kit.autoconfigure.PlatformKitAutoConfiguration;
import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.messaging.RocketMqClients;
import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.tcc.JdbcTccFence;
import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.tcc.RefusalReason;
import dev.orderplatform.kit.testing.InProcessConformance;
import dev.orderplatform.kit.testing.InProcessMariaDb;
import dev.orderplatform.kit.testing.ParticipantConformance;
import dev.orderplatform.kit.testing.ParticipantConformance.Branch;
import dev.orderplatform.kit.testing.ParticipantConformance.Holdings;
import io.micrometer.core.instrument.MeterRegistry;
import io.seata.rm.tcc.api.BusinessActionContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.mybatis.spring.annotation.MapperScan;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The participant conformance kit's every ordering against inventory-svc's real reserve-stock action, its MyBatis
 * mappers, platform-kit's JdbcTccFence and the stock-change messages that commit with every stock change — on a
 * MariaDB server and a RocketMQ name server and broker started inside this JVM, with the service's own Flyway
 * migrations: the fence's guarantees at unit-test speed, before the stack starts (the stack's ParticipantConformanceIT
 * runs the same orderings over HTTP on two instances). No Nacos, no TC, no Redis: the kit's driver plays the TC, and
 * the cache consumer is not started. The orderings run twice: on a SKU's ordinary stock, and on a flash sale's
 * allocation (whose Cancel gives the units back to the sale, or to stock once it is closed). Afterwards, the broker
 * must have delivered exactly the changes the database committed: one message per journal row, none for a Try
 * refused or rolled back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReserveStockConformanceTest {

    private static InProcessMariaDb mariaDb;
    private static InProcessRocketMq rocketMq;
    private static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() {
        mariaDb = InProcessMariaDb.start();
        rocketMq = InProcessRocketMq.start();
        context = new SpringApplicationBuilder(Persistence.class).web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                // as arguments: they must win over platform-defaults.yml and application.yml, which point at the stack
                .run("--spring.datasource.url=" + mariaDb.url("inventory"), "--spring.datasource.username=root",
                        "--spring.datasource.password=", "--spring.datasource.hikari.maximum-pool-size=4",
                        "--platform.stock-cache.name-server=" + rocketMq.nameServer(), "--server.port=0");
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (rocketMq != null) {
            rocketMq.close();
        }
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> everyOrderingOfTheReserveStockPhases() {
        StockStore stock = context.getBean(StockStore.class);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        ReserveStockConformance target = new ReserveStockConformance(context.getBean(ReserveStockAction.class));
        return ParticipantConformance.scenarios(new ParticipantConformance.Subject() {
            @Override
            public String service() {
                return "inventory-svc";
            }

            @Override
            public String action() {
                return ReserveStockAction.NAME;
            }

            @Override
            public String freshEntity(long free) {
                String sku = "CONF-" + UUID.randomUUID();
                stock.setLevel(sku, 100, free);
                return sku;
            }

            @Override
            public Holdings holdings(String sku) {
                return jdbc.queryForObject("SELECT available, reserved, sold FROM stock_items WHERE sku = ?",
                        (row, n) -> new Holdings(row.getLong(1), row.getLong(2), row.getLong(3)), sku);
            }

            @Override
            public Optional<String> fenceState(String sku, Branch branch) {
                return InProcessConformance.seataFenceState(jdbc, branch);
            }
        }, new InProcessConformance(target));
    }

    /**
     * The same orderings for a flash-sale purchase: the units come from the sale's allocation (the subject is the
     * sale), and go back to it on Cancel; the SKU's ordinary stock is never touched.
     */
    @TestFactory
    @Order(2)
    Stream<DynamicTest> everyOrderingOfAFlashSalePurchase() {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        return ParticipantConformance.scenarios(new SaleSubject(jdbc), new InProcessConformance(new SalePurchaseTarget(jdbc)));
    }

    /** A purchase cancelled after its sale closed gives its unit back to ordinary stock, counted as returned. */
    @Test
    @Order(3)
    void aPurchaseCancelledAfterItsSaleClosedReturnsItsUnitsToStock() {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        SaleAllocationStore allocations = context.getBean(SaleAllocationStore.class);
        SaleSubject subject = new SaleSubject(jdbc);
        InProcessConformance driver = new InProcessConformance(new SalePurchaseTarget(jdbc));
        String saleId = subject.freshEntity(5);
        String sku = subject.skuOf(saleId);
        long availableBefore = jdbc.queryForObject("SELECT available FROM stock_items WHERE sku = ?", Long.class, sku);
        Branch branch = new Branch("conf-xid-" + UUID.randomUUID(), System.nanoTime());
        Instant deadline = Instant.now().plusSeconds(30);

        assertThat(driver.call("TRY", saleId, branch, 2, deadline, 0).path("outcome").asText()).isEqualTo("APPLIED");
        SaleAllocation closed = allocations.close(saleId).orElseThrow();
        assertThat(closed.returned()).as("what no purchase held went back at the close").isEqualTo(3);
        assertThat(allocations.close(saleId).orElseThrow().returned()).as("a second close returns nothing more").isEqualTo(3);
        assertThat(driver.call("CANCEL", saleId, branch, 2, deadline, 0).path("outcome").asText()).isEqualTo("DONE");

        SaleAllocation after = allocations.find(saleId).orElseThrow();
        assertThat(after.returned()).isEqualTo(5);
        assertThat(after.reserved()).isZero();
        assertThat(after.remaining()).isZero();
        assertThat(jdbc.queryForObject("SELECT available FROM stock_items WHERE sku = ?", Long.class, sku))
                .as("all five units back in ordinary stock").isEqualTo(availableBefore + 5);
        assertThat(jdbc.queryForObject("SELECT allocated + reserved + sold FROM stock_items WHERE sku = ?", Long.class, sku)).isZero();
    }

    @Test
    @Order(4)
    void aSaleTakesNoMoreThanIsAvailableAndAllocatesOnce() {
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        SaleAllocationStore allocations = context.getBean(SaleAllocationStore.class);
        String sku = "SALE-" + UUID.randomUUID();
        context.getBean(StockStore.class).setLevel(sku, 100, 10);
        String saleId = "fs-" + UUID.randomUUID();

        assertThatThrownBy(() -> allocations.allocate(saleId, sku, 11, 50)).isInstanceOf(ParticipantRefusedException.class)
                .extracting(e -> ((ParticipantRefusedException) e).reason()).isEqualTo(RefusalReason.INSUFFICIENT_STOCK);
        assertThat(allocations.find(saleId)).isEmpty();
        allocations.allocate(saleId, sku, 10, 50);
        allocations.allocate(saleId, sku, 10, 50); // a retry
        assertThatThrownBy(() -> allocations.allocate(saleId, sku, 9, 50)).isInstanceOf(ApiException.class);
        assertThat(jdbc.queryForMap("SELECT available, allocated FROM stock_items WHERE sku = ?", sku))
                .containsEntry("available", 0L).containsEntry("allocated", 10L);
    }

    @Test
    @Order(5)
    void theBrokerDeliversExactlyTheStockChangesTheDatabaseCommitted() throws Exception {
        Set<String> journal = Set.copyOf(context.getBean(JdbcTemplate.class)
                .queryForList("SELECT change_id FROM stock_change_messages", String.class));
        assertThat(journal).as("the scenarios changed stock").isNotEmpty();
        Set<String> delivered = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer audit = new DefaultMQPushConsumer("conformance-audit");
        audit.setNamesrvAddr(rocketMq.nameServer());
        audit.setInstanceName("conformance-audit");
        audit.subscribe(StockMessaging.TOPIC, "*");
        audit.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        audit.registerMessageListener((MessageListenerConcurrently) (messages, ignored) -> {
            messages.forEach(message -> delivered.add(message.getKeys()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        audit.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(delivered).containsAll(journal));
            // anything more would be a change the database rolled back; the broker has nothing left to hand out
            assertThat(delivered).isEqualTo(journal);
        } finally {
            audit.shutdown();
        }
    }

    /** The subject of a flash-sale purchase is the sale: a fresh SKU whose whole stock is set aside for it. */
    private static final class SaleSubject implements ParticipantConformance.Subject {

        private final JdbcTemplate jdbc;

        SaleSubject(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String service() {
            return "inventory-svc";
        }

        @Override
        public String action() {
            return ReserveStockAction.NAME;
        }

        @Override
        public String freshEntity(long free) {
            String sku = "SALE-" + UUID.randomUUID();
            String saleId = "fs-" + UUID.randomUUID();
            context.getBean(StockStore.class).setLevel(sku, 100, free + 7); // 7 ordinary units the sale must not touch
            context.getBean(SaleAllocationStore.class).allocate(saleId, sku, free, 60);
            return saleId;
        }

        String skuOf(String saleId) {
            return jdbc.queryForObject("SELECT sku FROM sale_allocations WHERE sale_id = ?", String.class, saleId);
        }

        @Override
        public Holdings holdings(String saleId) {
            Holdings sale = jdbc.queryForObject("SELECT remaining, reserved, sold FROM sale_allocations WHERE sale_id = ?",
                    (row, n) -> new Holdings(row.getLong(1), row.getLong(2), row.getLong(3)), saleId);
            assertThat(jdbc.queryForObject("SELECT available FROM stock_items WHERE sku = ?", Long.class, skuOf(saleId)))
                    .as("ordinary stock beside sale %s", saleId).isEqualTo(7);
            return sale;
        }

        @Override
        public Optional<String> fenceState(String saleId, Branch branch) {
            return InProcessConformance.seataFenceState(jdbc, branch);
        }
    }

    /** reserve-stock's real action and fence, its Try given the sale (whose SKU it looks up) instead of a SKU. */
    private static final class SalePurchaseTarget implements ConformanceTarget {

        private final JdbcTemplate jdbc;
        private final ReserveStockAction action = context.getBean(ReserveStockAction.class);

        SalePurchaseTarget(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String action() {
            return ReserveStockAction.NAME;
        }

        @Override
        public void tryPhase(BusinessActionContext tcc, String saleId, long amount, Instant deadline) {
            String sku = jdbc.queryForObject("SELECT sku FROM sale_allocations WHERE sale_id = ?", String.class, saleId);
            SeataFencedTarget.tryPhase(tcc, () -> action.reserve(tcc, (String) tcc.getActionContext(ReserveStockAction.ORDER_ID),
                    deadline.toEpochMilli(), List.of(new StockLine(sku, amount)), saleId));
        }

        @Override
        public boolean confirm(BusinessActionContext tcc) {
            return SeataFencedTarget.confirm(action, "confirm", tcc);
        }

        @Override
        public boolean cancel(BusinessActionContext tcc) {
            return SeataFencedTarget.cancel(action, "cancel", tcc);
        }
    }

    /**
     * inventory-svc's persistence and stock-change messages as the service wires them (its migrations, mappers,
     * ledger code, publisher and check-back listener), and the kit's fence.
     */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class,
            MybatisPlusAutoConfiguration.class, JacksonAutoConfiguration.class})
    @MapperScan(basePackages = "dev.orderplatform.inventory.store", markerInterface = BaseMapper.class)
    @EnableConfigurationProperties(StockMessaging.class)
    @Import({StockStore.class, SaleAllocationStore.class, StockReservations.class, ReserveStockAction.class,
            StockChangePublisher.class, StockChangeTransactionListener.class})
    static class Persistence {

        @Bean
        Clock clock() {
            return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
        }

        @Bean
        FaultHooks faultHooks() {
            return new FaultHooks(false);
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        /** The producer as StockMessagingConfig builds it, without the cache consumer (which needs Redis). */
        @Bean(initMethod = "start", destroyMethod = "shutdown")
        TransactionMQProducer stockChangeProducer(StockMessaging settings, StockChangeTransactionListener listener) {
            return RocketMqClients.transactionalProducer(StockMessaging.PRODUCER_GROUP, settings.nameServer(),
                    "inventory-conformance", listener, "stock-check-", settings.halfMessageTimeout());
        }

        @Bean(PlatformKitAutoConfiguration.JDBC_TCC_FENCE)
        JdbcTccFence jdbcTccFence(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
            return InProcessConformance.installedJdbcFence(dataSource, transactions, clock);
        }
    }
}
