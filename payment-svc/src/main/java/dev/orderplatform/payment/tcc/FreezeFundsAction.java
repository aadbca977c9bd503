package dev.orderplatform.payment.tcc;

import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.payment.domain.PaymentStatus;
import dev.orderplatform.kit.autoconfigure.PlatformKitAutoConfiguration;
import io.seata.rm.tcc.api.BusinessActionContext;
import io.seata.rm.tcc.api.BusinessActionContextParameter;
import io.seata.rm.tcc.api.LocalTCC;
import io.seata.rm.tcc.api.TwoPhaseBusinessAction;
import java.time.Clock;
import java.time.Instant;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * TCC participant "freeze-wallet-funds".
 *
 * <p>Try moves the amount from the wallet's balance to frozen (one guarded UPDATE) and opens a PENDING wallet
 * payment; Confirm spends the frozen money (payment SUCCEEDED); Cancel returns it (payment FAILED). Seata's
 * fence ({@code useTCCFence}) shares the local transaction, so each branch moves money at most once, a Cancel
 * without a Try is recorded, and a late Try is refused. Context parameters are annotated on this class, which
 * is what Seata proxies.
 */
@LocalTCC
@Component
// the hardened fence must be installed before Seata registers this action with the TC
@DependsOn(PlatformKitAutoConfiguration.JDBC_TCC_FENCE)
public class FreezeFundsAction {

    static final String NAME = "freeze-wallet-funds";

    static final String ORDER_ID = "orderId";

    private final WalletPayments walletPayments;
    private final Clock clock;
    private final FaultHooks faults;

    public FreezeFundsAction(WalletPayments walletPayments, Clock clock, FaultHooks faults) {
        this.walletPayments = walletPayments;
        this.clock = clock;
        this.faults = faults;
    }

    /**
     * Try: freezes {@code amountCents} (zero when the order is paid entirely with points). Refuses with
     * {@code INSUFFICIENT_FUNDS}.
     *
     * @param context filled in by Seata (pass null)
     * @return the id of the new payment
     */
    @TwoPhaseBusinessAction(name = NAME, commitMethod = "confirm", rollbackMethod = "cancel", useTCCFence = true)
    public String freeze(BusinessActionContext context,
                         @BusinessActionContextParameter(paramName = ORDER_ID) String orderId,
                         @BusinessActionContextParameter(paramName = "deadline") long deadlineEpochMillis,
                         String userId, long amountCents) {
        faults.at(NAME, FaultHooks.Phase.TRY);
        GlobalDeadline.refuseIfPassed(Instant.ofEpochMilli(deadlineEpochMillis), clock);
        return walletPayments.freeze(context.getXid(), context.getBranchId(), orderId, userId, amountCents, clock.instant());
    }

    /** Confirm: the frozen money is spent. */
    public boolean confirm(BusinessActionContext context) {
        faults.at(NAME, FaultHooks.Phase.CONFIRM);
        walletPayments.settle(context.getXid(), context.getBranchId(), orderOf(context), PaymentStatus.SUCCEEDED, clock.instant());
        return true;
    }

    /** Cancel: the frozen money goes back to the balance. Not called at all when Try never ran. */
    public boolean cancel(BusinessActionContext context) {
        faults.at(NAME, FaultHooks.Phase.CANCEL);
        walletPayments.settle(context.getXid(), context.getBranchId(), orderOf(context), PaymentStatus.FAILED, clock.instant());
        return true;
    }

    private static String orderOf(BusinessActionContext context) {
        String orderId = context.getActionContext(ORDER_ID, String.class);
        if (orderId == null) {
            // the symptom of context parameters declared where Seata does not read them: fail loudly
            throw new IllegalStateException("Action context lost for " + context.getXid() + ": no " + ORDER_ID);
        }
        return orderId;
    }
}
