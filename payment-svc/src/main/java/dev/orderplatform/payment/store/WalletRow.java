package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import dev.orderplatform.payment.domain.Wallet;
import java.time.Instant;

/** A row of {@code wallets}; a plain data carrier filled by MyBatis. */
@TableName("wallets")
public class WalletRow {
    @TableId(type = IdType.INPUT)
    public String userId;
    public long balanceCents;
    public long frozenCents;
    public long spentCents;
    public long refundedCents;
    public long version;
    public Instant createdAt;
    public Instant updatedAt;

    public Wallet toWallet() {
        return new Wallet(userId, balanceCents, frozenCents, spentCents, refundedCents);
    }
}
