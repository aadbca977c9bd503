package dev.orderplatform.order.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import dev.orderplatform.order.domain.FlashSale;
import dev.orderplatform.order.domain.FlashSaleState;
import java.time.Instant;

/** A row of {@code flash_sales}. */
@TableName("flash_sales")
public class FlashSaleRow {
    @TableId(type = IdType.INPUT)
    public String saleId;
    public String sku;
    public long units;
    public long priceCents;
    public Instant startsAt;
    public Instant endsAt;
    public int perUserLimit;
    public String state;
    public Long returned;
    public long admitted;
    public String createdBy;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant closedAt;

    static FlashSaleRow allocating(FlashSale sale, String createdBy, Instant now) {
        FlashSaleRow row = new FlashSaleRow();
        row.saleId = sale.saleId();
        row.sku = sale.sku();
        row.units = sale.units();
        row.priceCents = sale.priceCents();
        row.startsAt = sale.startsAt();
        row.endsAt = sale.endsAt();
        row.perUserLimit = sale.perUserLimit();
        row.state = FlashSaleState.ALLOCATING.name();
        row.createdBy = createdBy;
        row.createdAt = now;
        row.updatedAt = now;
        return row;
    }

    FlashSale toSale() {
        return new FlashSale(saleId, sku, units, priceCents, startsAt, endsAt, perUserLimit, FlashSaleState.valueOf(state), admitted,
                returned);
    }
}
