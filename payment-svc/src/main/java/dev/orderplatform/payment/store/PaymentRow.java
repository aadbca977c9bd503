package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.Instant;

/** A row of {@code payments}. */
@TableName("payments")
public class PaymentRow {
    @TableId(type = IdType.INPUT)
    public String paymentId;
    public String orderId;
    public String userId;
    public String method;
    public long amountCents;
    public String status;
    public String xid;
    public Long branchId;
    public Instant payBefore;
    public Instant createdAt;
    public Instant updatedAt;
}
