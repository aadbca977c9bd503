package dev.orderplatform.order.flashsale;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code platform.flash-sales.*}.
 *
 * @param jobInterval     how often ended sales are closed, cut-short creations resolved and overdue purchases made
 *                        (ISO-8601, read by {@code @Scheduled})
 * @param allocationGrace a sale still waiting for its units this long after its creation began is abandoned
 * @param nameServer      the RocketMQ name server of the purchase queue
 * @param sendTimeout     how long an admission waits for the broker to take its message before answering 503
 * @param orderWorkers    purchases this instance turns into orders at once (the queue's consumer threads): the
 *                        database's pace, however many buyers wait
 * @param overdueAfter    a purchase still queued this long after its admission is made by the flash-sale job (its
 *                        message is late, or was given up on)
 * @param orderAttempts   orders placed for one purchase at most, when they fail for a passing reason (a participant
 *                        or the coordinator unavailable); after the last, the purchase fails
 * @param unrecordedAfter an admission Redis made this long ago that MySQL has no record of gives its units back (its
 *                        process died in between); far above {@code sendTimeout}, within which it is recorded or not
 */
@ConfigurationProperties("platform.flash-sales")
public record FlashSaleSettings(Duration jobInterval, Duration allocationGrace, String nameServer, Duration sendTimeout,
                                int orderWorkers, int orderAttempts, Duration overdueAfter,
                                Duration unrecordedAfter) {

    public static final String TOPIC = "flash-purchases";
    public static final String PRODUCER_GROUP = "order-flash-purchases";
    public static final String CONSUMER_GROUP = "order-flash-orders";
}
