package dev.orderplatform.order.store;

import com.baomidou.mybatisplus.annotation.TableName;

/** A row of {@code order_items}. */
@TableName("order_items")
public class OrderItemRow {
    public String orderId;
    public int lineNo;
    public String sku;
    public long quantity;
    public Long unitPriceCents;
}
