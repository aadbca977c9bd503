package dev.orderplatform.payment.tcc;

import com.baomidou.mybatisplus.autoconfigure.MybatisPlusAutoConfiguration;
import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import dev.orderplatform.kit.autoconfigure.PlatformKitAutoConfiguration;
import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.tcc.JdbcTccFence;
import dev.orderplatform.kit.testing.InProcessConformance;
import dev.orderplatform.kit.testing.InProcessMariaDb;
import dev.orderplatform.kit.testing.ParticipantConformance;
import dev.orderplatform.kit.testing.ParticipantConformance.Branch;
import dev.orderplatform.kit.testing.ParticipantConformance.Holdings;
import dev.orderplatform.payment.store.WalletStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mybatis.spring.annotation.MapperScan;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The participant conformance kit's every ordering against payment-svc's real freeze-wallet-funds action, its MyBatis
 * mappers and platform-kit's JdbcTccFence, on a MariaDB server started inside this JVM with the service's own Flyway
 * migrations: the fence's guarantees at unit-test speed, before the stack starts (the stack's ParticipantConformanceIT
 * runs the same orderings over HTTP on two instances). Only the persistence part of the service is started: no Nacos,
 * no TC (the kit's driver plays the TC, as it does on the stack).
 */
class FreezeFundsConformanceTest {

    private static InProcessMariaDb mariaDb;
    private static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() {
        mariaDb = InProcessMariaDb.start();
        context = new SpringApplicationBuilder(Persistence.class).web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                // as arguments: they must win over platform-defaults.yml, which points at the stack's server
                .run("--spring.datasource.url=" + mariaDb.url("payments"), "--spring.datasource.username=root",
                        "--spring.datasource.password=", "--spring.datasource.hikari.maximum-pool-size=4");
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        if (mariaDb != null) {
            mariaDb.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyOrderingOfTheFreezeFundsPhases() {
        WalletStore wallets = context.getBean(WalletStore.class);
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        FreezeFundsConformance target = new FreezeFundsConformance(context.getBean(FreezeFundsAction.class));
        return ParticipantConformance.scenarios(new ParticipantConformance.Subject() {
            @Override
            public String service() {
                return "payment-svc";
            }

            @Override
            public String action() {
                return FreezeFundsAction.NAME;
            }

            @Override
            public String freshEntity(long free) {
                String user = "conf-" + UUID.randomUUID();
                wallets.topUp("top-" + UUID.randomUUID(), user, free, "key-" + user);
                return user;
            }

            @Override
            public Holdings holdings(String user) {
                return jdbc.queryForObject("SELECT balance_cents, frozen_cents, spent_cents FROM wallets WHERE user_id = ?",
                        (row, n) -> new Holdings(row.getLong(1), row.getLong(2), row.getLong(3)), user);
            }

            @Override
            public Optional<String> fenceState(String user, Branch branch) {
                return InProcessConformance.seataFenceState(jdbc, branch);
            }
        }, new InProcessConformance(target));
    }

    /** payment-svc's persistence as the service wires it (its migrations, mappers, ledger code), and the kit's fence. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, FlywayAutoConfiguration.class,
            MybatisPlusAutoConfiguration.class})
    @MapperScan(basePackages = "dev.orderplatform.payment.store", markerInterface = BaseMapper.class)
    @Import({WalletStore.class, WalletPayments.class, FreezeFundsAction.class})
    static class Persistence {

        @Bean
        Clock clock() {
            return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
        }

        @Bean
        FaultHooks faultHooks() {
            return new FaultHooks(false);
        }

        @Bean(PlatformKitAutoConfiguration.JDBC_TCC_FENCE)
        JdbcTccFence jdbcTccFence(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
            return InProcessConformance.installedJdbcFence(dataSource, transactions, clock);
        }
    }
}
