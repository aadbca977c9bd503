package dev.orderplatform.order.flashsale;

import dev.orderplatform.kit.contract.ParticipantContracts.SaleUnits;
import dev.orderplatform.order.domain.FlashPurchase;
import dev.orderplatform.order.domain.FlashSale;
import dev.orderplatform.order.domain.FlashSaleState;
import dev.orderplatform.order.store.FlashPurchaseStore;
import dev.orderplatform.order.store.FlashSaleStore;
import feign.FeignException;
import java.time.Clock;
import java.util.Optional;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The flash-sale job, on one order-svc instance at a time: gives back units that admissions took in Redis but never
 * recorded (their process died in between), makes purchases whose queued message is overdue, closes
 * the sales whose window has ended once none of their purchases is queued (inventory-svc gives back what they did not
 * sell, exactly once — its close is idempotent and this records the count), and abandons
 * creations cut short (inventory-svc gives back whatever it set aside for them). Each step is safe to repeat, so a
 * run that dies half-way is simply done again by the next.
 */
@Component
public class FlashSaleClosing {

    private static final Logger log = LoggerFactory.getLogger(FlashSaleClosing.class);
    private static final int BATCH = 50;
    /** Overdue purchases made per run: each is a checkout, and the job's lock is held meanwhile. */
    private static final int OVERDUE_BATCH = 10;

    private final FlashSaleStore store;
    private final FlashPurchaseStore purchases;
    private final FlashPurchaseOrders orders;
    private final SaleAllocations inventory;
    private final FlashSaleCounters counters;
    private final FlashSaleSettings settings;
    private final Clock clock;

    public FlashSaleClosing(FlashSaleStore store, FlashPurchaseStore purchases, FlashPurchaseOrders orders,
                            SaleAllocations inventory, FlashSaleCounters counters, FlashSaleSettings settings, Clock clock) {
        this.store = store;
        this.purchases = purchases;
        this.orders = orders;
        this.inventory = inventory;
        this.counters = counters;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${platform.flash-sales.job-interval}")
    @SchedulerLock(name = "flash-sale-closing", lockAtMostFor = "PT1M")
    public void run() {
        store.active(BATCH).forEach(this::sweepUnrecorded);
        purchases.waitingLongerThan(settings.overdueAfter(), OVERDUE_BATCH).forEach(this::makeOverdue);
        store.ended(BATCH).forEach(this::close);
        store.stuckAllocating(settings.allocationGrace(), BATCH).forEach(this::abandon);
    }

    /**
     * An admission is recorded within the broker's send timeout or not at all; one still unrecorded after
     * {@code unrecorded-after} whose purchase MySQL does not know gave its buyer no 202 — its units go back.
     */
    private void sweepUnrecorded(FlashSale sale) {
        try {
            for (String purchaseId : counters.unrecordedBefore(sale.saleId(), clock.instant().minus(settings.unrecordedAfter()))) {
                Optional<FlashPurchase> recorded = purchases.find(purchaseId);
                if (recorded.isPresent()) {
                    counters.recorded(recorded.get());
                } else if (counters.sweep(sale.saleId(), purchaseId)) {
                    log.info("Units of admission {} to flash sale {} given back: it was never recorded", purchaseId,
                            sale.saleId());
                }
            }
        } catch (DataAccessException unreachable) {
            log.warn("Unrecorded admissions of flash sale {} not swept: {}", sale.saleId(), unreachable.toString());
        }
    }

    private void makeOverdue(FlashPurchase purchase) {
        try {
            log.info("Purchase {} still queued since {}: made by the flash-sale job ({})", purchase.purchaseId(),
                    purchase.admittedAt(), orders.make(purchase.purchaseId()));
        } catch (RuntimeException notNow) {
            log.warn("Overdue purchase {} not made yet: {}", purchase.purchaseId(), notNow.toString());
        }
    }

    /** First stops admissions (only once nothing is queued: a queued purchase still needs the sale's units). */
    private void close(FlashSale sale) {
        if (sale.state() == FlashSaleState.ACTIVE && !store.startClosing(sale.saleId())) {
            log.debug("Flash sale {} ended; purchases still queued", sale.saleId());
            return;
        }
        try {
            SaleUnits closed = inventory.close(sale.saleId());
            if (store.close(sale.saleId(), closed.returned())) {
                log.info("Flash sale {} closed: {} of {} sold, {} back in stock", sale.saleId(), closed.sold(), sale.units(),
                        closed.returned());
            }
        } catch (RuntimeException notNow) {
            log.warn("Flash sale {} not closed yet: {}", sale.saleId(), notNow.toString());
        }
    }

    /** First marks it (so its creation can no longer activate it), then has inventory-svc give its units back. */
    private void abandon(FlashSale sale) {
        if (sale.state() == FlashSaleState.ALLOCATING
                && !store.move(sale.saleId(), FlashSaleState.ALLOCATING, FlashSaleState.ABANDONING)) {
            return; // its creation finished meanwhile
        }
        try {
            inventory.close(sale.saleId());
        } catch (FeignException.NotFound neverAllocated) {
            log.debug("Abandoned flash sale {} held no units", sale.saleId());
        } catch (RuntimeException notNow) {
            log.warn("Units of abandoned flash sale {} not given back yet: {}", sale.saleId(), notNow.toString());
            return;
        }
        store.move(sale.saleId(), FlashSaleState.ABANDONING, FlashSaleState.ABANDONED);
        log.info("Flash sale {} abandoned: its creation was cut short", sale.saleId());
    }
}
