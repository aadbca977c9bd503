package dev.orderplatform.inventory.store;

import dev.orderplatform.inventory.domain.SaleAllocation;
import dev.orderplatform.inventory.messaging.StockChangePublisher;
import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.tcc.RefusalReason;
import dev.orderplatform.kit.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Units of a SKU set aside for a flash sale, and given back when it closes. Each change is one local transaction
 * that moves the units between the sale's row and the SKU's row by guarded updates (sale row locked first) and
 * sends the SKU's stock-change message with it: its available quantity changes.
 */
@Component
public class SaleAllocationStore {

    /** Problem type: the sale id is already allocated on other terms. */
    public static final String SALE_CONFLICT = "sale-allocation-conflict";

    private final SaleAllocationMapper sales;
    private final StockItemMapper items;
    private final StockChangePublisher changes;
    private final Clock clock;

    public SaleAllocationStore(SaleAllocationMapper sales, StockItemMapper items, StockChangePublisher changes, Clock clock) {
        this.sales = sales;
        this.items = items;
        this.changes = changes;
        this.clock = clock;
    }

    public Optional<SaleAllocation> find(String saleId) {
        return Optional.ofNullable(sales.selectById(saleId)).map(SaleAllocationRow::toAllocation);
    }

    /**
     * Moves {@code units} of the SKU from available to the sale, never more than is available (refused as a
     * participant refusal, 409: {@code INSUFFICIENT_STOCK} or {@code UNKNOWN_SKU}). Idempotent: the same request again
     * answers the allocation as it is now; the same sale id on other terms is refused (409).
     */
    @Transactional
    public SaleAllocation allocate(String saleId, String sku, long units, long priceCents) {
        SaleAllocationRow existing = sales.selectForUpdate(saleId);
        if (existing != null) {
            SaleAllocation allocation = existing.toAllocation();
            if (!allocation.sameTerms(sku, priceCents, units)) {
                throw new ApiException(HttpStatus.CONFLICT, SALE_CONFLICT, "Sale already allocated",
                        "Sale " + saleId + " already holds " + allocation.units() + " of " + allocation.sku());
            }
            return allocation;
        }
        Instant now = clock.instant();
        if (items.allocate(sku, units, now) == 0) {
            StockItemRow item = items.selectById(sku);
            if (item == null) {
                throw new ParticipantRefusedException(RefusalReason.UNKNOWN_SKU, "Unknown SKU " + sku);
            }
            throw new ParticipantRefusedException(RefusalReason.INSUFFICIENT_STOCK,
                    sku + " has " + item.available + " available, the sale asks for " + units);
        }
        SaleAllocationRow row = SaleAllocationRow.open(saleId, sku, priceCents, units, now);
        sales.insert(row);
        changes.changed(sku);
        return row.toAllocation();
    }

    /**
     * Closes the sale: the units no purchase holds go back to the SKU's available stock, exactly once (a repeated
     * close answers the closed allocation). Units still held by purchases go back when those are cancelled.
     */
    @Transactional
    public Optional<SaleAllocation> close(String saleId) {
        SaleAllocationRow row = sales.selectForUpdate(saleId);
        if (row == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (sales.close(saleId, now) == 1 && row.remaining > 0) {
            if (items.returnAllocated(row.sku, row.remaining, now) == 0) {
                throw new IllegalStateException("Allocated stock of " + row.sku + " is short of sale " + saleId + "'s "
                        + row.remaining);
            }
            changes.changed(row.sku);
        }
        return find(saleId);
    }
}
