package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.Instant;

/** A row of {@code wallet_top_ups}: money put into a wallet. */
@TableName("wallet_top_ups")
public class TopUpRow {
    @TableId(type = IdType.INPUT)
    public String topUpId;
    public String userId;
    public long amountCents;
    public String idempotencyKey;
    public Instant createdAt;
}
