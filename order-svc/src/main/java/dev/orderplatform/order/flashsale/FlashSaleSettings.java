package dev.orderplatform.order.flashsale;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.flash-sales.*}.
 *
 * @param jobInterval     how often ended sales are closed and cut-short creations resolved (ISO-8601, read by
 *                        {@code @Scheduled})
 * @param allocationGrace a sale still waiting for its units this long after its creation began is abandoned
 */
@ConfigurationProperties("platform.flash-sales")
public record FlashSaleSettings(Duration jobInterval, Duration allocationGrace) {
}
