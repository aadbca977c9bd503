package dev.orderplatform.inventory.messaging;

import dev.orderplatform.inventory.store.StockCache;
import dev.orderplatform.inventory.store.StockCacheRepairMapper;
import dev.orderplatform.inventory.store.StockCacheRepairRow;
import dev.orderplatform.inventory.store.StockStore;
import dev.orderplatform.kit.faults.FaultHooks;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What the dead-letter queue would otherwise lose: when a stock-change message is given up on (Redis unreachable
 * through every redelivery), its SKUs are remembered in {@code stock_cache_repairs}, and this job writes their
 * current state from the database into the cache — through the same version check as everything else — once
 * Redis takes it. The dead letter stays counted ({@code stock.cache.dead.letters}); the entry does not stay stale
 * until the SKU's next change. Any instance may run it: a repeated repair writes nothing (same version).
 */
@Component
public class StockCacheRepair {

    private static final Logger log = LoggerFactory.getLogger(StockCacheRepair.class);

    private final StockCacheRepairMapper repairs;
    private final StockStore stock;
    private final StockCache cache;
    private final FaultHooks faults;
    private final MeterRegistry meters;
    private final Clock clock;

    public StockCacheRepair(StockCacheRepairMapper repairs, StockStore stock, StockCache cache, FaultHooks faults,
                            MeterRegistry meters, Clock clock) {
        this.repairs = repairs;
        this.stock = stock;
        this.cache = cache;
        this.faults = faults;
        this.meters = meters;
        this.clock = clock;
    }

    /** Called by the consumer when it gives up on a message: these SKUs' cache entries may be stale. */
    public void remember(Collection<String> skus) {
        skus.forEach(sku -> repairs.remember(sku, clock.instant()));
    }

    @Scheduled(fixedDelay = 5_000, initialDelay = 5_000)
    public void repair() {
        for (StockCacheRepairRow pending : repairs.pending(100)) {
            try {
                faults.at(StockCacheUpdater.APPLY + pending.sku);
                stock.find(pending.sku).ifPresent(cache::offer);
                repairs.done(pending.sku, pending.failedAt);
                meters.counter("stock.cache.repaired").increment();
            } catch (RuntimeException stillFailing) {
                log.info("Stock cache entry of {} not repaired yet: {}", pending.sku, stillFailing.toString());
            }
        }
    }
}
