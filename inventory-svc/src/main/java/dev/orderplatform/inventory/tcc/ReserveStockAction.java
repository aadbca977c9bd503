package dev.orderplatform.inventory.tcc;

import dev.orderplatform.inventory.domain.ReservationStatus;
import dev.orderplatform.kit.contract.ParticipantContracts.PricedLine;
import dev.orderplatform.kit.contract.ParticipantContracts.StockLine;
import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.kit.autoconfigure.PlatformKitAutoConfiguration;
import io.seata.rm.tcc.api.BusinessActionContext;
import io.seata.rm.tcc.api.BusinessActionContextParameter;
import io.seata.rm.tcc.api.LocalTCC;
import io.seata.rm.tcc.api.TwoPhaseBusinessAction;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * TCC participant "reserve-stock".
 *
 * <p>Try moves the ordered quantities from available to reserved (a guarded UPDATE per SKU, in SKU order)
 * and records one reservation row per SKU; Confirm turns them into sold; Cancel makes them available again.
 * {@code useTCCFence = true}: the fence row is written in the same local transaction as these changes (by
 * platform-kit's hardened JdbcTccFence, installed as Seata's fence handler), which makes Confirm/Cancel
 * idempotent, records a Cancel that came without a Try, and refuses a Try after it.
 *
 * <p>The context parameters are annotated here, on the class Seata proxies: on an interface Seata 2.0 would
 * ignore them and Confirm/Cancel would run without an order id (see docs/tcc.md, "Seata 2.0 traps": action context lost).
 */
@LocalTCC
@Component
// the hardened fence must be installed before Seata registers this action with the TC
@DependsOn(PlatformKitAutoConfiguration.JDBC_TCC_FENCE)
public class ReserveStockAction {

    static final String NAME = "reserve-stock";

    static final String ORDER_ID = "orderId";

    private final StockReservations reservations;
    private final Clock clock;
    private final FaultHooks faults;

    public ReserveStockAction(StockReservations reservations, Clock clock, FaultHooks faults) {
        this.reservations = reservations;
        this.clock = clock;
        this.faults = faults;
    }

    /**
     * Try. Refuses with {@code UNKNOWN_SKU} or {@code INSUFFICIENT_STOCK}; a refusal rolls back every line
     * already reserved by this call, together with the fence row. With a {@code saleId}, the units come from that
     * flash sale's allocation (see {@link StockReservations#reserveFromSale}).
     *
     * @param context filled in by Seata (pass null)
     */
    @TwoPhaseBusinessAction(name = NAME, commitMethod = "confirm", rollbackMethod = "cancel", useTCCFence = true)
    public List<PricedLine> reserve(BusinessActionContext context,
                                    @BusinessActionContextParameter(paramName = ORDER_ID) String orderId,
                                    @BusinessActionContextParameter(paramName = "deadline") long deadlineEpochMillis,
                                    List<StockLine> lines, String saleId) {
        faults.at(NAME, FaultHooks.Phase.TRY);
        GlobalDeadline.refuseIfPassed(Instant.ofEpochMilli(deadlineEpochMillis), clock);
        return saleId == null
                ? reservations.reserve(context.getXid(), context.getBranchId(), orderId, lines, clock.instant())
                : reservations.reserveFromSale(context.getXid(), context.getBranchId(), orderId, saleId, lines, clock.instant());
    }

    /** Confirm: the reserved quantities are sold. Runs at most once per branch (the fence sees to it). */
    public boolean confirm(BusinessActionContext context) {
        faults.at(NAME, FaultHooks.Phase.CONFIRM);
        settle(context, ReservationStatus.CONFIRMED);
        return true;
    }

    /** Cancel: the reserved quantities are available again. Not called at all when Try never ran. */
    public boolean cancel(BusinessActionContext context) {
        faults.at(NAME, FaultHooks.Phase.CANCEL);
        settle(context, ReservationStatus.CANCELLED);
        return true;
    }

    private void settle(BusinessActionContext context, ReservationStatus outcome) {
        String orderId = context.getActionContext(ORDER_ID, String.class);
        if (orderId == null) {
            // the symptom of context parameters declared where Seata does not read them: fail loudly
            throw new IllegalStateException("Action context lost for " + context.getXid() + ": no " + ORDER_ID);
        }
        reservations.settle(context.getXid(), context.getBranchId(), orderId, outcome, clock.instant());
    }
}
