package dev.orderplatform.order.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.Instant;

/** A row of {@code orders}; a plain data carrier filled by MyBatis. */
@TableName("orders")
public class OrderRow {
    @TableId(type = IdType.INPUT)
    public String orderId;
    public String userId;
    public String status;
    public String reason;
    public String paymentMethod;
    public long pointsRequested;
    public Long amountCents;
    public Long pointsRedeemed;
    public Long amountPaidCents;
    public Long pointsEarned;
    public String paymentId;
    public Instant payBefore;
    public String xid;
    /** External checkout: how the pending order is closing (V4__external_checkout.sql), null until claimed. */
    public String closing;
    public Instant deadline;
    public Instant createdAt;
    public Instant updatedAt;
    public long version;
}
