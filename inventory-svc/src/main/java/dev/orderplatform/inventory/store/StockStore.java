package dev.orderplatform.inventory.store;

import dev.orderplatform.inventory.domain.StockLevel;
import dev.orderplatform.inventory.messaging.StockChangePublisher;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Operator-facing stock changes, each one local transaction with its ledger row and its stock-change message. */
@Component
public class StockStore {

    private final StockItemMapper items;
    private final StockReceiptMapper receipts;
    private final StockChangePublisher changes;
    private final Clock clock;

    public StockStore(StockItemMapper items, StockReceiptMapper receipts, StockChangePublisher changes, Clock clock) {
        this.items = items;
        this.receipts = receipts;
        this.changes = changes;
        this.clock = clock;
    }

    public Optional<StockLevel> find(String sku) {
        return Optional.ofNullable(items.selectById(sku)).map(StockItemRow::toLevel);
    }

    /** Result of {@link #setLevel}: the new level, and whether the SKU was created by this call. */
    public record Restocked(StockLevel level, boolean created) {
    }

    /**
     * Creates the SKU or sets its price and available quantity. The difference to the previous available
     * quantity goes into the receipts ledger in the same transaction, under the row lock, so stock is never
     * created or lost outside the ledger.
     */
    @Transactional
    public Restocked setLevel(String sku, long priceCents, long available) {
        Instant now = clock.instant();
        StockItemRow current = items.selectForUpdate(sku);
        if (current == null) {
            try {
                StockItemRow row = new StockItemRow();
                row.sku = sku;
                row.priceCents = priceCents;
                row.available = available;
                row.version = 1;
                row.createdAt = now;
                row.updatedAt = now;
                items.insert(row);
                receipts.insert(StockReceiptRow.of(sku, available, now));
                changes.changed(sku);
                return new Restocked(row.toLevel(), true);
            } catch (DuplicateKeyException concurrentCreate) {
                current = items.selectForUpdate(sku);
            }
        }
        long receipt = current.toLevel().receiptFor(available);
        items.setLevel(sku, priceCents, available, now);
        changes.changed(sku);
        if (receipt != 0) {
            receipts.insert(StockReceiptRow.of(sku, receipt, now));
        }
        return new Restocked(items.selectById(sku).toLevel(), false);
    }
}
