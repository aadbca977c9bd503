package dev.orderplatform.inventory.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import dev.orderplatform.inventory.domain.StockLevel;
import java.time.Instant;

/** A row of {@code stock_items}; a plain data carrier filled by MyBatis. */
@TableName("stock_items")
public class StockItemRow {
    @TableId(type = IdType.INPUT)
    public String sku;
    public long priceCents;
    public long available;
    /** Set aside for flash sales (sale_allocations.remaining, summed). */
    public long allocated;
    public long reserved;
    public long sold;
    public long version;
    public Instant createdAt;
    public Instant updatedAt;

    public StockLevel toLevel() {
        return new StockLevel(sku, priceCents, available, reserved, sold, version);
    }
}
