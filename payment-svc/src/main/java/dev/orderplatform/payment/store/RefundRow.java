package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.Instant;

/** A row of {@code payment_refunds}: the one refund a payment can have. */
@TableName("payment_refunds")
public class RefundRow {
    @TableId(type = IdType.INPUT)
    public String refundId;
    public String paymentId;
    public String orderId;
    public long amountCents;
    public Instant createdAt;
}
