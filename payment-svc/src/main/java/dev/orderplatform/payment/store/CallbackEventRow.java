package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.Instant;

/** A row of {@code payment_callback_inbox}: one verified provider callback, deduplicated by its event id. */
@TableName("payment_callback_inbox")
public class CallbackEventRow {
    @TableId(type = IdType.INPUT)
    public String eventId;
    public String paymentId;
    public String status;
    public long amountCents;
    public Instant occurredAt;
    public String rawBody;
    public Instant receivedAt;
    public int attempts;
    public Instant claimedUntil;
    public Instant processedAt;
    public String outcome;
}
