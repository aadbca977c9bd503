package dev.orderplatform.inventory.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the stock-change messages and the cache consumer ({@code platform.stock-cache.*}).
 *
 * @param nameServer         the RocketMQ name server
 * @param halfMessageTimeout how long a stock change waits for the broker to store its half message before the
 *                           change is rolled back and answered 503
 * @param outcomeWait        how long the sender reports the local outcome itself; a change still undecided after
 *                           this is left to the broker's check-back
 * @param maxRedeliveries    failed applications of one message to Redis before it goes to the dead-letter queue
 * @param journalRetention   how long {@code stock_change_messages} rows are kept (must outlast the broker's
 *                           check-backs: transactionCheckMax × transactionCheckInterval)
 */
@ConfigurationProperties("platform.stock-cache")
public record StockMessaging(String nameServer, Duration halfMessageTimeout, Duration outcomeWait, int maxRedeliveries,
                             Duration journalRetention) {

    public static final String TOPIC = "stock-changes";
    public static final String PRODUCER_GROUP = "inventory-stock-changes";
    public static final String CONSUMER_GROUP = "inventory-stock-cache";
    /** Where RocketMQ puts what {@link #CONSUMER_GROUP} gave up on. */
    public static final String DEAD_LETTER_TOPIC = "%DLQ%" + CONSUMER_GROUP;
}
