package dev.orderplatform.order.config;

import dev.orderplatform.order.compensation.StragglerSettings;
import dev.orderplatform.order.flashsale.FlashSaleSettings;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Scheduled jobs run on one order-svc instance at a time: the lock is a row in the orders database (platform-kit's
 * JDBC lock provider; the table is migration V2).
 */
@Configuration
@EnableConfigurationProperties({StragglerSettings.class, FlashSaleSettings.class})
@EnableSchedulerLock(defaultLockAtMostFor = "PT1M")
public class SchedulingConfig {
}
