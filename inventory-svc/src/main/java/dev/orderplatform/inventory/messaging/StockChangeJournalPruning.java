package dev.orderplatform.inventory.messaging;

import dev.orderplatform.inventory.store.StockChangeMessageMapper;
import java.time.Clock;
import java.time.Instant;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes {@code stock_change_messages} rows older than {@code journal-retention}, in small batches so no
 * long lock is held. Every instance may run it at the same time: deleting an already deleted row is harmless, so
 * no single-runner lock is needed.
 */
@Component
public class StockChangeJournalPruning {

    private static final int BATCH = 1000;

    private final StockChangeMessageMapper journal;
    private final StockMessaging settings;
    private final Clock clock;

    public StockChangeJournalPruning(StockChangeMessageMapper journal, StockMessaging settings, Clock clock) {
        this.journal = journal;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = 600_000, initialDelay = 60_000)
    public void prune() {
        Instant before = clock.instant().minus(settings.journalRetention());
        int deleted;
        do {
            deleted = journal.deleteOlderThan(before, BATCH);
        } while (deleted == BATCH);
    }
}
