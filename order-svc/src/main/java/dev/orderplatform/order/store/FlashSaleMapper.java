package dev.orderplatform.order.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** State changes of a sale are compare-and-set on its state, so two instances never both act on one. */
public interface FlashSaleMapper extends BaseMapper<FlashSaleRow> {

    @Update("""
            UPDATE flash_sales SET state = #{to}, updated_at = #{now}
            WHERE sale_id = #{saleId} AND state = #{from}""")
    int moveState(@Param("saleId") String saleId, @Param("from") String from, @Param("to") String to,
                  @Param("now") Instant now);

    /** A sale whose units inventory-svc refused: it never existed. */
    @Delete("DELETE FROM flash_sales WHERE sale_id = #{saleId} AND state = 'ALLOCATING'")
    int deleteRefused(@Param("saleId") String saleId);

    @Update("""
            UPDATE flash_sales SET state = 'CLOSED', returned = #{returned}, closed_at = #{now}, updated_at = #{now}
            WHERE sale_id = #{saleId} AND state = 'CLOSING'""")
    int close(@Param("saleId") String saleId, @Param("returned") long returned, @Param("now") Instant now);

    /**
     * Stops admissions to an ended sale — only once no purchase of it waits in the queue (a queued purchase still
     * needs the sale's units). The purchase's admission updates this row first too, so the two never cross.
     */
    @Update("""
            UPDATE flash_sales SET state = 'CLOSING', updated_at = #{now}
            WHERE sale_id = #{saleId} AND state = 'ACTIVE' AND ends_at <= #{now}
              AND NOT EXISTS (SELECT 1 FROM flash_purchases p WHERE p.sale_id = #{saleId} AND p.status = 'QUEUED')""")
    int startClosing(@Param("saleId") String saleId, @Param("now") Instant now);

    /** Takes {@code units} for an admitted purchase: never past the sale's units, and only while it admits. */
    @Update("""
            UPDATE flash_sales SET admitted = admitted + #{units}
            WHERE sale_id = #{saleId} AND state = 'ACTIVE' AND admitted + #{units} <= units""")
    int admit(@Param("saleId") String saleId, @Param("units") long units);

    /** A failed purchase's units, back to the sale. */
    @Update("UPDATE flash_sales SET admitted = admitted - #{units} WHERE sale_id = #{saleId}")
    int giveBack(@Param("saleId") String saleId, @Param("units") long units);

    @Select("SELECT * FROM flash_sales WHERE state = 'ACTIVE' ORDER BY ends_at LIMIT #{limit}")
    List<FlashSaleRow> findActive(@Param("limit") int limit);

    /** Active or closing sales whose window has ended, oldest first. */
    @Select("""
            SELECT * FROM flash_sales WHERE state IN ('ACTIVE', 'CLOSING') AND ends_at <= #{now}
            ORDER BY ends_at LIMIT #{limit}""")
    List<FlashSaleRow> findEnded(@Param("now") Instant now, @Param("limit") int limit);

    /** Sales still waiting for their units since before {@code before} (their creation was cut short), or abandoning. */
    @Select("""
            SELECT * FROM flash_sales WHERE (state = 'ALLOCATING' AND created_at < #{before}) OR state = 'ABANDONING'
            ORDER BY created_at LIMIT #{limit}""")
    List<FlashSaleRow> findStuckAllocating(@Param("before") Instant before, @Param("limit") int limit);
}
