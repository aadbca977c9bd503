package dev.orderplatform.order.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import dev.orderplatform.order.domain.FlashPurchase;
import dev.orderplatform.order.domain.FlashPurchaseStatus;
import dev.orderplatform.order.domain.RejectionReason;
import java.time.Instant;

/** A row of {@code flash_purchases}. */
@TableName("flash_purchases")
public class FlashPurchaseRow {
    @TableId(type = IdType.INPUT)
    public String purchaseId;
    public String saleId;
    public String userId;
    public int quantity;
    public long redeemPoints;
    public long seq;
    public String orderId;
    public int orderAttempts;
    public String status;
    public String reason;
    public long version;
    public Instant admittedAt;
    public Instant finishedAt;

    static FlashPurchaseRow of(FlashPurchase purchase) {
        FlashPurchaseRow row = new FlashPurchaseRow();
        row.purchaseId = purchase.purchaseId();
        row.saleId = purchase.saleId();
        row.userId = purchase.userId();
        row.quantity = purchase.quantity();
        row.redeemPoints = purchase.redeemPoints();
        row.seq = purchase.seq();
        row.orderId = purchase.orderId();
        row.orderAttempts = purchase.orderAttempts();
        row.status = purchase.status().name();
        row.reason = purchase.reason() == null ? null : purchase.reason().name();
        row.version = purchase.version();
        row.admittedAt = purchase.admittedAt();
        row.finishedAt = purchase.finishedAt();
        return row;
    }

    FlashPurchase toPurchase() {
        return new FlashPurchase(purchaseId, saleId, userId, quantity, redeemPoints, seq, orderId, orderAttempts,
                FlashPurchaseStatus.valueOf(status), reason == null ? null : RejectionReason.valueOf(reason), admittedAt,
                finishedAt, version);
    }
}
