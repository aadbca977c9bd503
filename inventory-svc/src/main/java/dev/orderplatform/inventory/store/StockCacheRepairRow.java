package dev.orderplatform.inventory.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.Instant;

/** A row of {@code stock_cache_repairs}: a SKU whose cache entry missed a dead-lettered message, and when. */
@TableName("stock_cache_repairs")
public class StockCacheRepairRow {
    @TableId(type = IdType.INPUT)
    public String sku;
    public Instant failedAt;
}
