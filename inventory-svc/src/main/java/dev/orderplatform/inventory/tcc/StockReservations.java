package dev.orderplatform.inventory.tcc;

import dev.orderplatform.inventory.domain.ReservationStatus;
import dev.orderplatform.inventory.domain.StockLines;
import dev.orderplatform.inventory.messaging.StockChangePublisher;
import dev.orderplatform.inventory.store.StockItemMapper;
import dev.orderplatform.inventory.store.StockItemRow;
import dev.orderplatform.inventory.store.StockReservationMapper;
import dev.orderplatform.inventory.store.StockReservationRow;
import dev.orderplatform.kit.contract.ParticipantContracts.PricedLine;
import dev.orderplatform.kit.contract.ParticipantContracts.StockLine;
import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.tcc.RefusalReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The writes of reserving stock for an order and settling the reservation — the body of "reserve-stock"'s
 * Try, Confirm and Cancel, kept apart from the TCC annotations so that the benchmark's non-TCC flows
 * (BenchmarkStockSalesEndpoint) run exactly the same SQL. Callers provide the transaction; every change of a SKU
 * is announced to {@link StockChangePublisher}, whose message commits with it.
 */
@Component
public class StockReservations {

    private final StockItemMapper items;
    private final StockReservationMapper reservations;
    private final StockChangePublisher changes;

    public StockReservations(StockItemMapper items, StockReservationMapper reservations, StockChangePublisher changes) {
        this.items = items;
        this.reservations = reservations;
        this.changes = changes;
    }

    /**
     * Moves each line's quantity from available to reserved (a guarded UPDATE per SKU, in SKU order) and records
     * one reservation row per SKU under {@code (xid, branchId)}. Refuses with {@code UNKNOWN_SKU} or
     * {@code INSUFFICIENT_STOCK}; the caller's transaction then rolls back the lines already reserved.
     */
    public List<PricedLine> reserve(String xid, long branchId, String orderId, List<StockLine> lines, Instant now) {
        List<PricedLine> reserved = new ArrayList<>();
        for (StockLine line : StockLines.inLockOrder(lines, StockLine::sku)) {
            if (items.reserve(line.sku(), line.quantity(), now) == 0) {
                throw refusal(line);
            }
            changes.changed(line.sku());
            StockItemRow item = items.selectById(line.sku());
            reservations.insert(reservation(xid, branchId, orderId, line, item.priceCents, now));
            reserved.add(new PricedLine(line.sku(), line.quantity(), item.priceCents));
        }
        return reserved;
    }

    /** Turns the branch's reservations into sold (CONFIRMED) or available again (CANCELLED); repeats do nothing. */
    public void settle(String xid, long branchId, String orderId, ReservationStatus outcome, Instant now) {
        for (StockReservationRow row : reservations.findByBranch(xid, branchId)) {
            if (!orderId.equals(row.orderId)) {
                throw new IllegalStateException("Branch " + branchId + " holds stock for " + row.orderId + ", not for " + orderId);
            }
            if (reservations.moveStatus(row.xid, row.branchId, row.sku, ReservationStatus.RESERVED.name(), outcome.name(), now) == 0) {
                continue; // already settled
            }
            int changed = outcome == ReservationStatus.CONFIRMED
                    ? items.sellReserved(row.sku, row.quantity, now)
                    : items.releaseReserved(row.sku, row.quantity, now);
            if (changed == 0) {
                throw new IllegalStateException("Reserved stock of " + row.sku + " is short of " + row.quantity);
            }
            changes.changed(row.sku);
        }
    }

    private ParticipantRefusedException refusal(StockLine line) {
        if (items.selectById(line.sku()) == null) {
            return new ParticipantRefusedException(RefusalReason.UNKNOWN_SKU, "Unknown SKU " + line.sku());
        }
        return new ParticipantRefusedException(RefusalReason.INSUFFICIENT_STOCK,
                "Not enough stock of " + line.sku() + " for " + line.quantity());
    }

    private static StockReservationRow reservation(String xid, long branchId, String orderId, StockLine line,
                                                   long unitPriceCents, Instant now) {
        StockReservationRow row = new StockReservationRow();
        row.xid = xid;
        row.branchId = branchId;
        row.sku = line.sku();
        row.orderId = orderId;
        row.quantity = line.quantity();
        row.unitPriceCents = unitPriceCents;
        row.status = ReservationStatus.RESERVED.name();
        row.createdAt = now;
        row.updatedAt = now;
        return row;
    }
}
