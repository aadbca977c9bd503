package dev.orderplatform.inventory.store;

import com.baomidou.mybatisplus.annotation.TableName;
import java.time.Instant;

/** A row of {@code stock_reservations}: one SKU held by one TCC branch. */
@TableName("stock_reservations")
public class StockReservationRow {
    public String xid;
    public long branchId;
    public String sku;
    public String orderId;
    /** The flash sale the units came from; null for ordinary stock. */
    public String saleId;
    public long quantity;
    public long unitPriceCents;
    public String status;
    public Instant createdAt;
    public Instant updatedAt;
}
