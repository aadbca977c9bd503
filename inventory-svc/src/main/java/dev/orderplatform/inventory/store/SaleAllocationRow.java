package dev.orderplatform.inventory.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import dev.orderplatform.inventory.domain.SaleAllocation;
import dev.orderplatform.inventory.domain.SaleAllocationStatus;
import java.time.Instant;

/** A row of {@code sale_allocations}: the units of one SKU set aside for one flash sale. */
@TableName("sale_allocations")
public class SaleAllocationRow {
    @TableId(type = IdType.INPUT)
    public String saleId;
    public String sku;
    public long priceCents;
    public long units;
    public long remaining;
    public long reserved;
    public long sold;
    public long returned;
    public String status;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant closedAt;

    public static SaleAllocationRow open(String saleId, String sku, long priceCents, long units, Instant now) {
        SaleAllocationRow row = new SaleAllocationRow();
        row.saleId = saleId;
        row.sku = sku;
        row.priceCents = priceCents;
        row.units = units;
        row.remaining = units;
        row.status = SaleAllocationStatus.OPEN.name();
        row.createdAt = now;
        row.updatedAt = now;
        return row;
    }

    public SaleAllocation toAllocation() {
        return new SaleAllocation(saleId, sku, priceCents, units, remaining, reserved, sold, returned,
                SaleAllocationStatus.valueOf(status));
    }
}
