package dev.orderplatform.order.store;

import dev.orderplatform.order.domain.FlashPurchase;
import dev.orderplatform.order.domain.FlashPurchaseStatus;
import dev.orderplatform.order.domain.RejectionReason;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The purchases of flash sales ({@code flash_purchases}) and the units they hold in the database's own count. */
@Component
public class FlashPurchaseStore {

    /** How recording an admitted purchase came out. */
    public enum Recorded {
        /** Recorded: the purchase holds its units and is queued. */
        QUEUED,
        /** The purchase was recorded before (a retry of it): nothing changed. */
        ALREADY,
        /** The sale's units are all held by other purchases, or it no longer admits: nothing changed. */
        SOLD_OUT,
        /** The buyer would pass the sale's per-user limit: nothing changed. */
        LIMIT_REACHED
    }

    private final FlashPurchaseMapper purchases;
    private final FlashSaleMapper sales;
    private final TransactionTemplate transaction;
    private final TransactionTemplate lockingRead;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public FlashPurchaseStore(FlashPurchaseMapper purchases, FlashSaleMapper sales, PlatformTransactionManager transactions,
                              ApplicationEventPublisher events, Clock clock) {
        this.purchases = purchases;
        this.sales = sales;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.lockingRead = new TransactionTemplate(transactions);
        this.lockingRead.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.lockingRead.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Records an admitted purchase in one transaction: the sale's count first (its row lock orders admissions against
     * the sale's closing), then the purchase, then the buyer's count. Any refusal rolls all of it back.
     */
    public Recorded recordAdmitted(FlashPurchase purchase) {
        return transaction.execute(status -> {
            Recorded recorded = tryRecord(purchase);
            if (recorded != Recorded.QUEUED) {
                status.setRollbackOnly();
            }
            return recorded;
        });
    }

    private Recorded tryRecord(FlashPurchase purchase) {
        if (sales.admit(purchase.saleId(), purchase.quantity()) == 0) {
            return purchases.selectById(purchase.purchaseId()) != null ? Recorded.ALREADY : Recorded.SOLD_OUT;
        }
        try {
            purchases.insert(FlashPurchaseRow.of(purchase));
        } catch (DuplicateKeyException retried) {
            return Recorded.ALREADY;
        }
        purchases.insertBuyer(purchase.saleId(), purchase.userId());
        if (purchases.addToBuyer(purchase.saleId(), purchase.userId(), purchase.quantity()) == 0) {
            return Recorded.LIMIT_REACHED;
        }
        return Recorded.QUEUED;
    }

    /** For the broker's check-back: whether the purchase was recorded (waits for an admission still committing). */
    public boolean isRecorded(String purchaseId) {
        Integer found = lockingRead.execute(status -> purchases.countRecorded(purchaseId));
        return found != null && found > 0;
    }

    public Optional<FlashPurchase> find(String purchaseId) {
        return Optional.ofNullable(purchases.selectById(purchaseId)).map(FlashPurchaseRow::toPurchase);
    }

    /** 1 for the next purchase to be made, 2 for the one after it, …; 0 once it is no longer queued. */
    public long position(FlashPurchase purchase) {
        return purchase.status() == FlashPurchaseStatus.QUEUED
                ? purchases.countQueuedBefore(purchase.saleId(), purchase.seq()) + 1 : 0;
    }

    /** Its order failed for a passing reason: it gets {@code nextOrderId} instead (false if another attempt did it first). */
    public boolean replaceOrder(FlashPurchase purchase, String nextOrderId) {
        return purchases.replaceOrder(purchase.purchaseId(), purchase.orderId(), nextOrderId) == 1;
    }

    /** Its order was paid. False if it had finished already. */
    public boolean paid(FlashPurchase purchase) {
        if (purchases.finish(purchase.purchaseId(), FlashPurchaseStatus.PAID.name(), null, clock.instant()) == 0) {
            return false;
        }
        events.publishEvent(new FlashPurchaseFinished(purchase.purchaseId(), purchase.version() + 1));
        return true;
    }

    /**
     * Its order was refused: it finishes FAILED and its units go back to the sale's and the buyer's counts, in one
     * transaction. False if it had finished already (nothing given back twice).
     */
    public boolean failed(FlashPurchase purchase, RejectionReason reason) {
        return Boolean.TRUE.equals(transaction.execute(status -> {
            if (purchases.finish(purchase.purchaseId(), FlashPurchaseStatus.FAILED.name(), reason.name(), clock.instant()) == 0) {
                return false;
            }
            sales.giveBack(purchase.saleId(), purchase.quantity());
            purchases.takeFromBuyer(purchase.saleId(), purchase.userId(), purchase.quantity());
            events.publishEvent(new FlashPurchaseFinished(purchase.purchaseId(), purchase.version() + 1));
            return true;
        }));
    }

    /** Every purchase of the sale (to arm its counter again). */
    public List<FlashPurchase> ofSale(String saleId) {
        return purchases.findOfSale(saleId).stream().map(FlashPurchaseRow::toPurchase).toList();
    }

    /** Purchases still queued this long after their admission: their message is overdue. */
    public List<FlashPurchase> waitingLongerThan(Duration wait, int limit) {
        return purchases.findWaitingSince(clock.instant().minus(wait), limit).stream().map(FlashPurchaseRow::toPurchase)
                .toList();
    }
}
