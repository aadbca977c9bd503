package dev.orderplatform.inventory.saga;

import dev.orderplatform.inventory.domain.ReservationStatus;
import dev.orderplatform.inventory.store.StockReservationMapper;
import dev.orderplatform.inventory.store.StockReservationRow;
import dev.orderplatform.inventory.tcc.StockReservations;
import dev.orderplatform.kit.contract.ParticipantContracts.PricedLine;
import dev.orderplatform.kit.contract.ParticipantContracts.StockLine;
import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.saga.SagaBranch;
import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.kit.tcc.JdbcTccFence;
import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.tcc.RefusalReason;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Saga step "reserve-stock" of the external checkout, with its compensation (release) and its settlement (sell).
 *
 * <p>Same writes as the TCC action ({@link StockReservations}), guarded by the same fence, keyed by the order
 * ({@link SagaBranch}) instead of a TC branch: the reservation is idempotent (a repeat answers the lines
 * already reserved), a release that comes first is recorded and refuses the late reservation, and a release
 * after the sale (or a sale after the release) changes nothing and says so.
 */
@Component
public class ReserveStockSagaStep {

    static final String NAME = "saga-reserve-stock";

    private final StockReservations reservations;
    private final StockReservationMapper rows;
    private final JdbcTccFence fence;
    private final Clock clock;
    private final FaultHooks faults;

    public ReserveStockSagaStep(StockReservations reservations, StockReservationMapper rows, JdbcTccFence fence,
                                Clock clock, FaultHooks faults) {
        this.reservations = reservations;
        this.rows = rows;
        this.fence = fence;
        this.clock = clock;
        this.faults = faults;
    }

    /**
     * Reserves the lines (priced), or answers the lines this order already holds. Refuses with UNKNOWN_SKU or
     * INSUFFICIENT_STOCK, with DEADLINE_EXCEEDED past the order's payBefore, and with BRANCH_ALREADY_FINISHED
     * once the order's stock was released.
     */
    public List<PricedLine> reserve(String orderId, List<StockLine> lines, Instant deadline) {
        faults.at(NAME, FaultHooks.Phase.TRY);
        String xid = SagaBranch.xidOf(orderId);
        long branchId = SagaBranch.branchIdOf(orderId, NAME);
        List<PricedLine> held = held(xid, branchId);
        if (held != null) {
            return held;
        }
        try {
            return fence.tryOnce(xid, branchId, NAME, () -> {
                GlobalDeadline.refuseIfPassed(deadline, clock);
                return reservations.reserve(xid, branchId, orderId, lines, clock.instant());
            });
        } catch (ParticipantRefusedException refused) {
            List<PricedLine> raced = refused.reason() == RefusalReason.BRANCH_ALREADY_FINISHED ? held(xid, branchId) : null;
            if (raced != null) {
                return raced; // a concurrent repeat of this step reserved first
            }
            throw refused;
        }
    }

    /** Compensation: the order's reserved stock is available again. {@code false} if it was already sold. */
    public boolean release(String orderId) {
        faults.at(NAME, FaultHooks.Phase.CANCEL);
        return settle(orderId, ReservationStatus.CANCELLED);
    }

    /** Settlement of a paid order: the reserved stock is sold. {@code false} if it was released instead. */
    public boolean sell(String orderId) {
        faults.at(NAME, FaultHooks.Phase.CONFIRM);
        return settle(orderId, ReservationStatus.CONFIRMED);
    }

    private boolean settle(String orderId, ReservationStatus outcome) {
        String xid = SagaBranch.xidOf(orderId);
        long branchId = SagaBranch.branchIdOf(orderId, NAME);
        Runnable change = () -> reservations.settle(xid, branchId, orderId, outcome, clock.instant());
        return outcome == ReservationStatus.CONFIRMED
                ? fence.confirm(xid, branchId, NAME, () -> { change.run(); return true; })
                : fence.cancel(xid, branchId, NAME, () -> { change.run(); return true; });
    }

    /** The lines the order holds (reserved or sold), null if it holds none. */
    private List<PricedLine> held(String xid, long branchId) {
        List<StockReservationRow> found = rows.findByBranch(xid, branchId);
        if (found.isEmpty() || found.stream().anyMatch(row -> ReservationStatus.CANCELLED.name().equals(row.status))) {
            return null;
        }
        return found.stream().map(row -> new PricedLine(row.sku, row.quantity, row.unitPriceCents)).toList();
    }
}
