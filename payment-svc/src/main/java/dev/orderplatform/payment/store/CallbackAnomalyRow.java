package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.Instant;

/** A row of {@code payment_callback_anomalies}: a signed callback that did not match our payment. */
@TableName("payment_callback_anomalies")
public class CallbackAnomalyRow {
    @TableId(type = IdType.AUTO)
    public Long id;
    public String eventId;
    public String paymentId;
    public String reason;
    public String rawBody;
    public Instant receivedAt;
}
