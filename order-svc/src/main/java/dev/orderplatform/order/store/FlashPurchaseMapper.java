package dev.orderplatform.order.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** Purchases, and each buyer's units in a sale ({@code flash_sale_buyers}), changed only by guarded updates. */
public interface FlashPurchaseMapper extends BaseMapper<FlashPurchaseRow> {

    /**
     * Whether the purchase was recorded, for the broker's check-back. A locking read: if its admission is still
     * committing, InnoDB makes this wait for the outcome instead of answering a guess.
     */
    @Select("SELECT COUNT(*) FROM flash_purchases WHERE purchase_id = #{purchaseId} LOCK IN SHARE MODE")
    int countRecorded(@Param("purchaseId") String purchaseId);

    @Update("""
            UPDATE flash_purchases SET status = #{status}, reason = #{reason}, version = version + 1, finished_at = #{now}
            WHERE purchase_id = #{purchaseId} AND status = 'QUEUED'""")
    int finish(@Param("purchaseId") String purchaseId, @Param("status") String status, @Param("reason") String reason,
               @Param("now") Instant now);

    /** The purchase's next order, in place of {@code previous} (which failed for a passing reason). */
    @Update("""
            UPDATE flash_purchases SET order_id = #{next}, order_attempts = order_attempts + 1
            WHERE purchase_id = #{purchaseId} AND order_id = #{previous} AND status = 'QUEUED'""")
    int replaceOrder(@Param("purchaseId") String purchaseId, @Param("previous") String previous, @Param("next") String next);

    /** Purchases of the sale still queued ahead of {@code seq}. */
    @Select("SELECT COUNT(*) FROM flash_purchases WHERE sale_id = #{saleId} AND status = 'QUEUED' AND seq < #{seq}")
    long countQueuedBefore(@Param("saleId") String saleId, @Param("seq") long seq);

    /** Queued purchases admitted before {@code before}, oldest first: their message is overdue. */
    @Select("""
            SELECT * FROM flash_purchases WHERE status = 'QUEUED' AND admitted_at < #{before}
            ORDER BY admitted_at LIMIT #{limit}""")
    List<FlashPurchaseRow> findWaitingSince(@Param("before") Instant before, @Param("limit") int limit);

    @Select("SELECT * FROM flash_purchases WHERE sale_id = #{saleId}")
    List<FlashPurchaseRow> findOfSale(@Param("saleId") String saleId);

    @Insert("INSERT IGNORE INTO flash_sale_buyers (sale_id, user_id, units) VALUES (#{saleId}, #{userId}, 0)")
    void insertBuyer(@Param("saleId") String saleId, @Param("userId") String userId);

    /** Adds the units unless the buyer would pass the sale's per-user limit. */
    @Update("""
            UPDATE flash_sale_buyers b JOIN flash_sales s ON s.sale_id = b.sale_id
            SET b.units = b.units + #{units}
            WHERE b.sale_id = #{saleId} AND b.user_id = #{userId} AND b.units + #{units} <= s.per_user_limit""")
    int addToBuyer(@Param("saleId") String saleId, @Param("userId") String userId, @Param("units") long units);

    @Update("UPDATE flash_sale_buyers SET units = units - #{units} WHERE sale_id = #{saleId} AND user_id = #{userId}")
    int takeFromBuyer(@Param("saleId") String saleId, @Param("userId") String userId, @Param("units") long units);
}
