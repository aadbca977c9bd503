package dev.orderplatform.inventory.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.Instant;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * A sale's units move between remaining, reserved, sold and returned by guarded single-row UPDATEs (the table's
 * CHECK keeps their sum at {@code units}); 0 rows means the guard did not hold. Callers lock the sale row before
 * the SKU's stock row, always in that order.
 */
public interface SaleAllocationMapper extends BaseMapper<SaleAllocationRow> {

    @Select("SELECT * FROM sale_allocations WHERE sale_id = #{saleId} FOR UPDATE")
    SaleAllocationRow selectForUpdate(@Param("saleId") String saleId);

    /** A purchase takes units, only from an open sale of that SKU that still has them. */
    @Update("""
            UPDATE sale_allocations SET remaining = remaining - #{qty}, reserved = reserved + #{qty}, updated_at = #{now}
            WHERE sale_id = #{saleId} AND sku = #{sku} AND status = 'OPEN' AND remaining >= #{qty}""")
    int take(@Param("saleId") String saleId, @Param("sku") String sku, @Param("qty") long quantity,
             @Param("now") Instant now);

    @Update("""
            UPDATE sale_allocations SET reserved = reserved - #{qty}, sold = sold + #{qty}, updated_at = #{now}
            WHERE sale_id = #{saleId} AND reserved >= #{qty}""")
    int sellReserved(@Param("saleId") String saleId, @Param("qty") long quantity, @Param("now") Instant now);

    /** A cancelled purchase's units, back to the sale while it is open. */
    @Update("""
            UPDATE sale_allocations SET reserved = reserved - #{qty}, remaining = remaining + #{qty}, updated_at = #{now}
            WHERE sale_id = #{saleId} AND status = 'OPEN' AND reserved >= #{qty}""")
    int releaseToSale(@Param("saleId") String saleId, @Param("qty") long quantity, @Param("now") Instant now);

    /** A cancelled purchase's units once the sale is closed: they count as returned to ordinary stock. */
    @Update("""
            UPDATE sale_allocations SET reserved = reserved - #{qty}, returned = returned + #{qty}, updated_at = #{now}
            WHERE sale_id = #{saleId} AND status = 'CLOSED' AND reserved >= #{qty}""")
    int returnReserved(@Param("saleId") String saleId, @Param("qty") long quantity, @Param("now") Instant now);

    /** Closes an open sale: what remains is returned. The caller holds the row's lock and moves the stock. */
    @Update("""
            UPDATE sale_allocations SET returned = returned + remaining, remaining = 0, status = 'CLOSED',
                   closed_at = #{now}, updated_at = #{now}
            WHERE sale_id = #{saleId} AND status = 'OPEN'""")
    int close(@Param("saleId") String saleId, @Param("now") Instant now);
}
