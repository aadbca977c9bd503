package dev.orderplatform.payment.saga;

import dev.orderplatform.kit.contract.ParticipantContracts.OpenPayment;
import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.saga.SagaBranch;
import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.kit.tcc.JdbcTccFence;
import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.tcc.RefusalReason;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.payment.domain.PaymentMethod;
import dev.orderplatform.payment.domain.PaymentStatus;
import dev.orderplatform.payment.integration.PaymentProviderClient;
import dev.orderplatform.payment.store.PaymentMapper;
import dev.orderplatform.payment.store.PaymentRow;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Saga step "open-payment" of the external checkout and its compensation (cancel).
 *
 * <p>The payment row is written first, under the fence keyed by the order ({@link SagaBranch}), and the
 * provider is asked second with the same payment id — so a step repeated after a timeout or a crash finds its
 * row and asks the provider again (idempotent there), and never opens a second payment. A cancellation that
 * comes first is recorded by the fence and refuses the late opening.
 */
@Component
public class OpenPaymentSagaStep {

    static final String NAME = "saga-open-payment";

    private final PaymentMapper payments;
    private final JdbcTccFence fence;
    private final PaymentProviderClient provider;
    private final Clock clock;
    private final FaultHooks faults;

    public OpenPaymentSagaStep(PaymentMapper payments, JdbcTccFence fence, PaymentProviderClient provider, Clock clock,
                               FaultHooks faults) {
        this.payments = payments;
        this.fence = fence;
        this.provider = provider;
        this.clock = clock;
        this.faults = faults;
    }

    /** Opens the order's payment (or finds the one already opened) and answers its id. */
    public String open(OpenPayment command, Instant deadline) {
        faults.at(NAME, FaultHooks.Phase.TRY);
        String xid = SagaBranch.xidOf(command.orderId());
        long branchId = SagaBranch.branchIdOf(command.orderId(), NAME);
        PaymentRow payment = payments.findByBranch(xid, branchId);
        if (payment == null) {
            try {
                payment = fence.tryOnce(xid, branchId, NAME, () -> {
                    GlobalDeadline.refuseIfPassed(deadline, clock);
                    PaymentRow row = newPayment(command, xid, branchId);
                    payments.insert(row);
                    return row;
                });
            } catch (ParticipantRefusedException refused) {
                payment = refused.reason() == RefusalReason.BRANCH_ALREADY_FINISHED ? payments.findByBranch(xid, branchId) : null;
                if (payment == null) {
                    throw refused; // cancelled before it was opened
                }
            }
        }
        if (!PaymentStatus.PENDING.name().equals(payment.status)) {
            throw new ParticipantRefusedException(RefusalReason.BRANCH_ALREADY_FINISHED,
                    "The payment of " + command.orderId() + " is already " + payment.status);
        }
        provider.open(payment.paymentId, payment.orderId, payment.amountCents, payment.payBefore);
        return payment.paymentId;
    }

    /**
     * Compensation, and the end of an unpaid order: a pending payment becomes FAILED and the provider is told to
     * stop collecting it. A payment that already succeeded is left as it is (order-svc refunds it).
     */
    public void cancel(String orderId) {
        faults.at(NAME, FaultHooks.Phase.CANCEL);
        String xid = SagaBranch.xidOf(orderId);
        long branchId = SagaBranch.branchIdOf(orderId, NAME);
        fence.cancel(xid, branchId, NAME, () -> {
            PaymentRow row = payments.findByBranch(xid, branchId);
            if (row != null) {
                payments.moveStatus(row.paymentId, PaymentStatus.PENDING.name(), PaymentStatus.FAILED.name(), clock.instant());
            }
            return true;
        });
        PaymentRow row = payments.findByBranch(xid, branchId);
        if (row != null) {
            provider.cancel(row.paymentId);
        }
    }

    /**
     * The provider collected the payment: the step's outcome is final, though no saga step says so (the order settles
     * through order-svc). Its fence record is finished (COMMITTED) — left TRIED, it would count as in doubt and never
     * be cleaned up, one row per paid external order for ever. Repeats do nothing; a record the cancellation already
     * finished stays as it is (the payment is then refunded).
     */
    public void collected(PaymentRow payment) {
        if (PaymentMethod.EXTERNAL.name().equals(payment.method) && payment.xid != null && payment.branchId != null) {
            fence.finishTried(payment.xid, payment.branchId, NAME);
        }
    }

    private PaymentRow newPayment(OpenPayment command, String xid, long branchId) {
        Instant now = clock.instant();
        PaymentRow row = new PaymentRow();
        row.paymentId = Identifiers.newId("pay");
        row.orderId = command.orderId();
        row.userId = command.userId();
        row.method = PaymentMethod.EXTERNAL.name();
        row.amountCents = command.amountCents();
        row.status = PaymentStatus.PENDING.name();
        row.xid = xid;
        row.branchId = branchId;
        row.payBefore = command.payBefore();
        row.createdAt = now;
        row.updatedAt = now;
        return row;
    }
}
