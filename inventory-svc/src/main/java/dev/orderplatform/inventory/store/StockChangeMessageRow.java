package dev.orderplatform.inventory.store;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.Instant;

/** A row of {@code stock_change_messages}: the body of one transactional message, written with its change. */
@TableName("stock_change_messages")
public class StockChangeMessageRow {
    @TableId(type = IdType.INPUT)
    public String changeId;
    public String body;
    public Instant createdAt;

    public static StockChangeMessageRow of(String changeId, String body, Instant at) {
        StockChangeMessageRow row = new StockChangeMessageRow();
        row.changeId = changeId;
        row.body = body;
        row.createdAt = at;
        return row;
    }
}
