package dev.orderplatform.inventory.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.Instant;

/** A row of {@code stock_receipts}: stock put in (or written down) by an operator. */
@TableName("stock_receipts")
public class StockReceiptRow {
    @TableId(type = IdType.AUTO)
    public Long id;
    public String sku;
    public long quantity;
    public Instant createdAt;

    public static StockReceiptRow of(String sku, long quantity, Instant at) {
        StockReceiptRow row = new StockReceiptRow();
        row.sku = sku;
        row.quantity = quantity;
        row.createdAt = at;
        return row;
    }
}
