package dev.orderplatform.inventory.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.inventory.domain.StockLevel;
import dev.orderplatform.inventory.store.StockCache;
import dev.orderplatform.inventory.store.StockStore;
import dev.orderplatform.kit.faults.FaultHooks;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyContext;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Consumer of {@value StockMessaging#TOPIC}: applies each SKU state to the cache if its version is newer than the
 * cached one ({@link StockCache#update}), so duplicates, redeliveries and messages that overtook each other change
 * nothing; a SKU with no cached entry is filled from the database, never from the message. A failure (Redis
 * unreachable) is left to RocketMQ's redelivery with growing delays; after
 * {@code max-redeliveries} the message goes to {@value StockMessaging#DEAD_LETTER_TOPIC}, counted in
 * {@code stock.cache.dead.letters}, and its SKUs are handed to {@link StockCacheRepair}.
 */
@Component
public class StockCacheUpdater implements MessageListenerConcurrently {

    /** Fault point: applying one SKU's state to the cache ({@code stock-cache/APPLY/<sku>}). */
    public static final String APPLY = "stock-cache/APPLY/";

    private static final Logger log = LoggerFactory.getLogger(StockCacheUpdater.class);

    private final StockCache cache;
    private final StockStore stock;
    private final StockCacheRepair repairs;
    private final ObjectMapper json;
    private final StockMessaging settings;
    private final MeterRegistry meters;
    private final FaultHooks faults;

    public StockCacheUpdater(StockCache cache, StockStore stock, StockCacheRepair repairs, ObjectMapper json, StockMessaging settings,
                             MeterRegistry meters, FaultHooks faults) {
        this.cache = cache;
        this.stock = stock;
        this.repairs = repairs;
        this.json = json;
        this.settings = settings;
        this.meters = meters;
        this.faults = faults;
        meters.counter("stock.cache.dead.letters"); // visible at zero, so an alert can watch it
    }

    @Override
    public ConsumeConcurrentlyStatus consumeMessage(List<MessageExt> messages, ConsumeConcurrentlyContext context) {
        for (MessageExt message : messages) {
            StockChangeMessage change;
            try {
                change = json.readValue(message.getBody(), StockChangeMessage.class);
            } catch (IOException unreadable) {
                // redelivering a body that cannot be read would fail the same way every time
                log.error("Unreadable stock change message {} dropped: {}", message.getMsgId(), unreadable.toString());
                meters.counter("stock.cache.updates", "result", "unreadable").increment();
                continue;
            }
            try {
                for (StockLevel level : change.skus()) {
                    faults.at(APPLY + level.sku());
                    meters.counter("stock.cache.updates", "result", apply(level)).increment();
                }
            } catch (RuntimeException failed) {
                boolean lastTry = message.getReconsumeTimes() >= settings.maxRedeliveries();
                log.warn("Stock change {} not applied to the cache (delivery {}){}: {}", message.getKeys(),
                        message.getReconsumeTimes() + 1, lastTry ? ", goes to " + StockMessaging.DEAD_LETTER_TOPIC : "",
                        failed.toString());
                meters.counter("stock.cache.updates", "result", "failed").increment();
                if (lastTry) {
                    meters.counter("stock.cache.dead.letters").increment();
                    rememberForRepair(change);
                }
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
        }
        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
    }

    /**
     * Applies a message's level over the cached entry. With no entry (Redis restarted empty, or evicted it) the message
     * may be an old redelivery, so the entry is filled from the database instead: never older than the newest message.
     */
    private String apply(StockLevel level) {
        return switch (cache.update(level)) {
            case APPLIED -> "applied";
            case STALE -> "stale";
            case MISSING -> {
                stock.find(level.sku()).ifPresent(cache::offer);
                yield "filled";
            }
        };
    }

    private void rememberForRepair(StockChangeMessage change) {
        try {
            repairs.remember(change.skus().stream().map(StockLevel::sku).toList());
        } catch (RuntimeException databaseDown) {
            log.error("Dead-lettered stock change {} could not be recorded for repair; its SKUs stay stale in the cache "
                    + "until their next change: {}", change.changeId(), databaseDown.toString());
        }
    }
}
