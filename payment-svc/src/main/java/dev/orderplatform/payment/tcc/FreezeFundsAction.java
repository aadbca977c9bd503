package dev.orderplatform.payment.tcc;

import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.tcc.RefusalReason;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.payment.domain.PaymentMethod;
import dev.orderplatform.payment.domain.PaymentStatus;
import dev.orderplatform.payment.store.PaymentMapper;
import dev.orderplatform.payment.store.PaymentRow;
import dev.orderplatform.payment.store.WalletMapper;
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

    private final WalletMapper wallets;
    private final PaymentMapper payments;
    private final Clock clock;
    private final FaultHooks faults;

    public FreezeFundsAction(WalletMapper wallets, PaymentMapper payments, Clock clock, FaultHooks faults) {
        this.wallets = wallets;
        this.payments = payments;
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
        Instant now = clock.instant();
        if (amountCents > 0 && wallets.freeze(userId, amountCents, now) == 0) {
            throw new ParticipantRefusedException(RefusalReason.INSUFFICIENT_FUNDS,
                    "The wallet of " + userId + " does not hold " + amountCents + " cents");
        }
        PaymentRow payment = new PaymentRow();
        payment.paymentId = Identifiers.newId("pay");
        payment.orderId = orderId;
        payment.userId = userId;
        payment.method = PaymentMethod.WALLET.name();
        payment.amountCents = amountCents;
        payment.status = PaymentStatus.PENDING.name();
        payment.xid = context.getXid();
        payment.branchId = context.getBranchId();
        payment.createdAt = now;
        payment.updatedAt = now;
        payments.insert(payment);
        return payment.paymentId;
    }

    /** Confirm: the frozen money is spent. */
    public boolean confirm(BusinessActionContext context) {
        faults.at(NAME, FaultHooks.Phase.CONFIRM);
        PaymentRow payment = paymentOf(context);
        Instant now = clock.instant();
        if (payments.moveStatus(payment.paymentId, PaymentStatus.PENDING.name(), PaymentStatus.SUCCEEDED.name(), now) == 1
                && payment.amountCents > 0
                && wallets.spendFrozen(payment.userId, payment.amountCents, now) == 0) {
            throw new IllegalStateException("Frozen money of " + payment.userId + " is short of " + payment.amountCents);
        }
        return true;
    }

    /** Cancel: the frozen money goes back to the balance. Not called at all when Try never ran. */
    public boolean cancel(BusinessActionContext context) {
        faults.at(NAME, FaultHooks.Phase.CANCEL);
        PaymentRow payment = paymentOf(context);
        Instant now = clock.instant();
        if (payments.moveStatus(payment.paymentId, PaymentStatus.PENDING.name(), PaymentStatus.FAILED.name(), now) == 1
                && payment.amountCents > 0
                && wallets.unfreeze(payment.userId, payment.amountCents, now) == 0) {
            throw new IllegalStateException("Frozen money of " + payment.userId + " is short of " + payment.amountCents);
        }
        return true;
    }

    private PaymentRow paymentOf(BusinessActionContext context) {
        String orderId = context.getActionContext(ORDER_ID, String.class);
        if (orderId == null) {
            throw new IllegalStateException("Action context lost for " + context.getXid() + ": no " + ORDER_ID);
        }
        PaymentRow payment = payments.findByBranch(context.getXid(), context.getBranchId());
        if (payment == null || !orderId.equals(payment.orderId)) {
            throw new IllegalStateException("No payment of order " + orderId + " in branch " + context.getBranchId());
        }
        return payment;
    }
}
