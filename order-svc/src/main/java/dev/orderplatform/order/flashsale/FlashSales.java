package dev.orderplatform.order.flashsale;

import dev.orderplatform.kit.contract.ParticipantContracts.AllocateSaleUnits;
import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.order.domain.FlashSale;
import dev.orderplatform.order.domain.FlashSaleState;
import dev.orderplatform.order.store.FlashSaleStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Creating a flash sale and reading one. Creation records the sale (ALLOCATING), has inventory-svc set its units
 * aside (an idempotent call keyed by the sale id), then activates it and arms its Redis counter. A creation cut short
 * between those steps is finished by nobody: {@link FlashSaleClosing} abandons it after a grace period and has
 * inventory-svc give back whatever it set aside, so a failed creation (503) never leaves units locked away.
 */
@Component
public class FlashSales {

    private static final Logger log = LoggerFactory.getLogger(FlashSales.class);

    /** A sale's terms as an operator gives them. */
    public record Terms(String sku, long units, long priceCents, Instant startsAt, Instant endsAt, int perUserLimit) {
    }

    /** What a client sees of a sale. */
    public record Shown(FlashSale sale, long unitsLeft) {
    }

    private final FlashSaleStore store;
    private final SaleAllocations inventory;
    private final FlashSaleCounters counters;
    private final Clock clock;

    public FlashSales(FlashSaleStore store, SaleAllocations inventory, FlashSaleCounters counters, Clock clock) {
        this.store = store;
        this.inventory = inventory;
        this.counters = counters;
        this.clock = clock;
    }

    /**
     * Creates the sale: 409 {@code insufficient-stock} (nothing kept) if the SKU lacks the units, 503 if inventory-svc
     * could not be reached (the sale is abandoned later). {@code attach} learns the sale id as soon as it is recorded,
     * so that a retry under the same Idempotency-Key resumes this sale instead of creating another.
     */
    public FlashSale create(Terms terms, String operator, Consumer<String> attach) {
        if (!terms.endsAt().isAfter(clock.instant())) {
            throw Problems.validation("endsAt", "must be in the future");
        }
        FlashSale sale = new FlashSale("fs-" + UUID.randomUUID(), terms.sku(), terms.units(), terms.priceCents(),
                terms.startsAt(), terms.endsAt(), terms.perUserLimit(), FlashSaleState.ALLOCATING, 0, null);
        store.insertAllocating(sale, operator);
        attach.accept(sale.saleId());
        return allocate(sale);
    }

    /** A retried creation: finishes it if it was cut short, answers it if it is done. */
    public FlashSale resume(String saleId) {
        FlashSale sale = store.find(saleId).orElseThrow(() -> Problems.notFound("Flash sale", saleId));
        return switch (sale.state()) {
            case ALLOCATING -> allocate(sale);
            case ACTIVE, CLOSING, CLOSED -> sale;
            case ABANDONING, ABANDONED -> throw new ApiException(HttpStatus.CONFLICT, FlashSaleProblems.SALE_ABANDONED,
                    "Sale abandoned", "The creation of " + saleId + " was cut short and abandoned; nothing was created");
        };
    }

    private FlashSale allocate(FlashSale sale) {
        try {
            inventory.allocate(sale.saleId(), new AllocateSaleUnits(sale.sku(), sale.units(), sale.priceCents()));
        } catch (ParticipantRefusedException refused) {
            // nothing was set aside: the sale never existed, and nothing of it is kept
            store.forgetRefused(sale.saleId());
            throw new ApiException(HttpStatus.CONFLICT, FlashSaleProblems.INSUFFICIENT_STOCK, "Not enough stock",
                    refused.getMessage());
        } catch (RuntimeException unreachable) {
            log.warn("Units of flash sale {} not set aside: {}", sale.saleId(), unreachable.toString());
            throw unavailable(sale, "inventory-svc could not be reached");
        }
        if (!store.move(sale.saleId(), FlashSaleState.ALLOCATING, FlashSaleState.ACTIVE)) {
            throw unavailable(sale, "the creation took too long and was abandoned");
        }
        FlashSale active = store.find(sale.saleId()).orElseThrow();
        try {
            counters.arm(active, List.of());
        } catch (DataAccessException redisDown) {
            // the sale exists; its counter is armed from the database when admission next finds it missing
            log.warn("Counter of flash sale {} not armed: {}", sale.saleId(), redisDown.toString());
        }
        return active;
    }

    private static ApiException unavailable(FlashSale sale, String why) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, Problems.SERVICE_UNAVAILABLE, "Sale not created",
                "Flash sale " + sale.saleId() + " was not created: " + why + "; try again");
    }

    /** The sale as clients see it (only active and closed ones exist for them), with the units left. */
    public Optional<Shown> show(String saleId) {
        return store.find(saleId).filter(sale -> sale.state().visible()).map(sale -> new Shown(sale, unitsLeft(sale)));
    }

    /** From the Redis counter; from the database's own count when Redis does not have it (lost, or down). */
    private long unitsLeft(FlashSale sale) {
        if (sale.state() == FlashSaleState.CLOSING || sale.state() == FlashSaleState.CLOSED) {
            return 0;
        }
        try {
            Optional<Long> left = counters.left(sale.saleId());
            if (left.isPresent()) {
                return left.get();
            }
        } catch (DataAccessException redisDown) {
            log.debug("Counter of {} unreadable: {}", sale.saleId(), redisDown.toString());
        }
        return sale.units() - sale.admitted();
    }
}
