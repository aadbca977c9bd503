package dev.orderplatform.order.store;

import dev.orderplatform.order.domain.FlashSale;
import dev.orderplatform.order.domain.FlashSaleState;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The flash sales order-svc runs ({@code flash_sales}). */
@Component
public class FlashSaleStore {

    private final FlashSaleMapper sales;
    private final Clock clock;

    public FlashSaleStore(FlashSaleMapper sales, Clock clock) {
        this.sales = sales;
        this.clock = clock;
    }

    public void insertAllocating(FlashSale sale, String createdBy) {
        sales.insert(FlashSaleRow.allocating(sale, createdBy, clock.instant()));
    }

    /** Forgets a sale whose units were refused (only while it is still ALLOCATING). */
    public void forgetRefused(String saleId) {
        sales.deleteRefused(saleId);
    }

    public Optional<FlashSale> find(String saleId) {
        return Optional.ofNullable(sales.selectById(saleId)).map(FlashSaleRow::toSale);
    }

    /** Compare-and-set: false if the sale was not in {@code from} (another instance moved it first). */
    public boolean move(String saleId, FlashSaleState from, FlashSaleState to) {
        return sales.moveState(saleId, from.name(), to.name(), clock.instant()) == 1;
    }

    /** Stops admissions to an ended sale, once no purchase of it is queued; false if not (yet). */
    public boolean startClosing(String saleId) {
        return sales.startClosing(saleId, clock.instant()) == 1;
    }

    public boolean close(String saleId, long returned) {
        return sales.close(saleId, returned, clock.instant()) == 1;
    }

    /** Sales that admit, or may still (scheduled, open, or ended but not closing yet). */
    public List<FlashSale> active(int limit) {
        return sales.findActive(limit).stream().map(FlashSaleRow::toSale).toList();
    }

    public List<FlashSale> ended(int limit) {
        return sales.findEnded(clock.instant(), limit).stream().map(FlashSaleRow::toSale).toList();
    }

    public List<FlashSale> stuckAllocating(Duration olderThan, int limit) {
        return sales.findStuckAllocating(clock.instant().minus(olderThan), limit).stream().map(FlashSaleRow::toSale).toList();
    }
}
