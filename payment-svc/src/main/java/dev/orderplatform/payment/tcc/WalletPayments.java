package dev.orderplatform.payment.tcc;

import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.tcc.RefusalReason;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.payment.domain.PaymentMethod;
import dev.orderplatform.payment.domain.PaymentStatus;
import dev.orderplatform.payment.store.PaymentMapper;
import dev.orderplatform.payment.store.PaymentRow;
import dev.orderplatform.payment.store.WalletMapper;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The writes of paying an order from a wallet — the body of "freeze-wallet-funds"'s Try, Confirm and Cancel,
 * kept apart from the TCC annotations so that the benchmark's non-TCC flows run exactly the same SQL.
 * Callers provide the transaction.
 */
@Component
public class WalletPayments {

    private final WalletMapper wallets;
    private final PaymentMapper payments;

    public WalletPayments(WalletMapper wallets, PaymentMapper payments) {
        this.wallets = wallets;
        this.payments = payments;
    }

    /**
     * Moves {@code amountCents} from the wallet's balance to frozen (one guarded UPDATE; nothing when zero) and
     * opens a PENDING wallet payment under {@code (xid, branchId)}. Refuses with {@code INSUFFICIENT_FUNDS}.
     *
     * @return the id of the new payment
     */
    public String freeze(String xid, long branchId, String orderId, String userId, long amountCents, Instant now) {
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
        payment.xid = xid;
        payment.branchId = branchId;
        payment.createdAt = now;
        payment.updatedAt = now;
        payments.insert(payment);
        return payment.paymentId;
    }

    /**
     * Ends the branch's payment: SUCCEEDED spends the frozen money, FAILED returns it to the balance. Only a
     * PENDING payment moves, so a repeat does nothing.
     */
    public void settle(String xid, long branchId, String orderId, PaymentStatus outcome, Instant now) {
        PaymentRow payment = payments.findByBranch(xid, branchId);
        if (payment == null || !orderId.equals(payment.orderId)) {
            throw new IllegalStateException("No payment of order " + orderId + " in branch " + branchId);
        }
        if (payments.moveStatus(payment.paymentId, PaymentStatus.PENDING.name(), outcome.name(), now) == 0 || payment.amountCents == 0) {
            return;
        }
        int moved = outcome == PaymentStatus.SUCCEEDED
                ? wallets.spendFrozen(payment.userId, payment.amountCents, now)
                : wallets.unfreeze(payment.userId, payment.amountCents, now);
        if (moved == 0) {
            throw new IllegalStateException("Frozen money of " + payment.userId + " is short of " + payment.amountCents);
        }
    }
}
