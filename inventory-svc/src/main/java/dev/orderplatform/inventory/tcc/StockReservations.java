package dev.orderplatform.inventory.tcc;

import dev.orderplatform.inventory.domain.ReservationStatus;
import dev.orderplatform.inventory.domain.StockLines;
import dev.orderplatform.inventory.messaging.StockChangePublisher;
import dev.orderplatform.inventory.store.StockItemMapper;
import dev.orderplatform.inventory.store.StockItemRow;
import dev.orderplatform.inventory.store.StockReservationMapper;
import dev.orderplatform.inventory.store.SaleAllocationMapper;
import dev.orderplatform.inventory.store.SaleAllocationRow;
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
 *
 * <p>A flash-sale purchase takes its units from the sale's allocation instead of the SKU's available stock (sale row
 * first, then the SKU's row — the lock order of every sale change), at the sale's price; its reservation row names the
 * sale, so that a Cancel gives the units back to the sale while it is open and to available stock once it is closed.
 */
@Component
public class StockReservations {

    private final StockItemMapper items;
    private final StockReservationMapper reservations;
    private final SaleAllocationMapper sales;
    private final StockChangePublisher changes;

    public StockReservations(StockItemMapper items, StockReservationMapper reservations, SaleAllocationMapper sales,
                             StockChangePublisher changes) {
        this.items = items;
        this.reservations = reservations;
        this.sales = sales;
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
            reservations.insert(reservation(xid, branchId, orderId, null, line, item.priceCents, now));
            reserved.add(new PricedLine(line.sku(), line.quantity(), item.priceCents));
        }
        return reserved;
    }

    /**
     * A flash-sale purchase: takes each line's quantity from sale {@code saleId}'s remaining units (only while the
     * sale is open, only its SKU) and prices it at the sale's price. Refuses with {@code INSUFFICIENT_STOCK} when the
     * sale has no such units left, is closed, or is for another SKU; {@code UNKNOWN_SKU} when there is no such sale.
     */
    public List<PricedLine> reserveFromSale(String xid, long branchId, String orderId, String saleId, List<StockLine> lines,
                                            Instant now) {
        List<PricedLine> reserved = new ArrayList<>();
        for (StockLine line : StockLines.inLockOrder(lines, StockLine::sku)) {
            if (sales.take(saleId, line.sku(), line.quantity(), now) == 0) {
                throw saleRefusal(saleId, line);
            }
            if (items.reserveAllocated(line.sku(), line.quantity(), now) == 0) {
                throw new IllegalStateException("Allocated stock of " + line.sku() + " is short of sale " + saleId);
            }
            changes.changed(line.sku());
            long price = sales.selectById(saleId).priceCents;
            reservations.insert(reservation(xid, branchId, orderId, saleId, line, price, now));
            reserved.add(new PricedLine(line.sku(), line.quantity(), price));
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
            int changed = row.saleId == null ? settleOrdinary(row, outcome, now) : settleFromSale(row, outcome, now);
            if (changed == 0) {
                throw new IllegalStateException("Reserved stock of " + row.sku + " is short of " + row.quantity);
            }
            changes.changed(row.sku);
        }
    }

    private int settleOrdinary(StockReservationRow row, ReservationStatus outcome, Instant now) {
        return outcome == ReservationStatus.CONFIRMED
                ? items.sellReserved(row.sku, row.quantity, now)
                : items.releaseReserved(row.sku, row.quantity, now);
    }

    /** Sold; or back to the sale while it is open; or, once it is closed, back to available and counted as returned. */
    private int settleFromSale(StockReservationRow row, ReservationStatus outcome, Instant now) {
        if (outcome == ReservationStatus.CONFIRMED) {
            requireSaleRow(sales.sellReserved(row.saleId, row.quantity, now), row);
            return items.sellReserved(row.sku, row.quantity, now);
        }
        if (sales.releaseToSale(row.saleId, row.quantity, now) == 1) {
            return items.releaseToAllocation(row.sku, row.quantity, now);
        }
        requireSaleRow(sales.returnReserved(row.saleId, row.quantity, now), row);
        return items.releaseReserved(row.sku, row.quantity, now);
    }

    private static void requireSaleRow(int changed, StockReservationRow row) {
        if (changed == 0) {
            throw new IllegalStateException("Sale " + row.saleId + " holds no " + row.quantity + " reserved for " + row.orderId);
        }
    }

    private ParticipantRefusedException saleRefusal(String saleId, StockLine line) {
        SaleAllocationRow sale = sales.selectById(saleId);
        if (sale == null) {
            return new ParticipantRefusedException(RefusalReason.UNKNOWN_SKU, "Unknown sale " + saleId);
        }
        return new ParticipantRefusedException(RefusalReason.INSUFFICIENT_STOCK, "Sale " + saleId + " has no "
                + line.quantity() + " of " + line.sku() + " left (" + sale.status + ", " + sale.remaining + " of " + sale.sku + ")");
    }

    private ParticipantRefusedException refusal(StockLine line) {
        if (items.selectById(line.sku()) == null) {
            return new ParticipantRefusedException(RefusalReason.UNKNOWN_SKU, "Unknown SKU " + line.sku());
        }
        return new ParticipantRefusedException(RefusalReason.INSUFFICIENT_STOCK,
                "Not enough stock of " + line.sku() + " for " + line.quantity());
    }

    private static StockReservationRow reservation(String xid, long branchId, String orderId, String saleId, StockLine line,
                                                   long unitPriceCents, Instant now) {
        StockReservationRow row = new StockReservationRow();
        row.xid = xid;
        row.branchId = branchId;
        row.sku = line.sku();
        row.orderId = orderId;
        row.saleId = saleId;
        row.quantity = line.quantity();
        row.unitPriceCents = unitPriceCents;
        row.status = ReservationStatus.RESERVED.name();
        row.createdAt = now;
        row.updatedAt = now;
        return row;
    }
}
