package dev.orderplatform.order.config;

import dev.orderplatform.order.compensation.StragglerSettings;
import dev.orderplatform.order.flashsale.FlashSaleSettings;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Scheduled jobs run on one order-svc instance at a time: the lock is a row in the orders database. */
@Configuration
@EnableConfigurationProperties({StragglerSettings.class, FlashSaleSettings.class})
@EnableSchedulerLock(defaultLockAtMostFor = "PT1M")
public class SchedulingConfig {

    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime() // instances agree on "now" even if their clocks drift
                .build());
    }
}
