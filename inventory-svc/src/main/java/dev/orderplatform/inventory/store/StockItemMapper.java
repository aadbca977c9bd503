package dev.orderplatform.inventory.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.Instant;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/**
 * Stock changes are single guarded UPDATEs: the WHERE clause checks the quantity is there, so concurrent
 * orders can never oversell (no read-then-write). A result of 0 rows means the guard did not hold.
 */
public interface StockItemMapper extends BaseMapper<StockItemRow> {

    @Update("""
            UPDATE stock_items SET available = available - #{qty}, reserved = reserved + #{qty},
                   version = version + 1, updated_at = #{now}
            WHERE sku = #{sku} AND available >= #{qty}""")
    int reserve(@Param("sku") String sku, @Param("qty") long quantity, @Param("now") Instant now);

    @Update("""
            UPDATE stock_items SET reserved = reserved - #{qty}, sold = sold + #{qty},
                   version = version + 1, updated_at = #{now}
            WHERE sku = #{sku} AND reserved >= #{qty}""")
    int sellReserved(@Param("sku") String sku, @Param("qty") long quantity, @Param("now") Instant now);

    @Update("""
            UPDATE stock_items SET reserved = reserved - #{qty}, available = available + #{qty},
                   version = version + 1, updated_at = #{now}
            WHERE sku = #{sku} AND reserved >= #{qty}""")
    int releaseReserved(@Param("sku") String sku, @Param("qty") long quantity, @Param("now") Instant now);

    @Update("""
            UPDATE stock_items SET price_cents = #{price}, available = #{available},
                   version = version + 1, updated_at = #{now}
            WHERE sku = #{sku}""")
    int setLevel(@Param("sku") String sku, @Param("price") long priceCents, @Param("available") long available,
                 @Param("now") Instant now);

    /** A flash sale sets units aside: available to allocated. */
    @Update("""
            UPDATE stock_items SET available = available - #{qty}, allocated = allocated + #{qty},
                   version = version + 1, updated_at = #{now}
            WHERE sku = #{sku} AND available >= #{qty}""")
    int allocate(@Param("sku") String sku, @Param("qty") long quantity, @Param("now") Instant now);

    /** A sale's purchase reserves its units: allocated to reserved. */
    @Update("""
            UPDATE stock_items SET allocated = allocated - #{qty}, reserved = reserved + #{qty},
                   version = version + 1, updated_at = #{now}
            WHERE sku = #{sku} AND allocated >= #{qty}""")
    int reserveAllocated(@Param("sku") String sku, @Param("qty") long quantity, @Param("now") Instant now);

    /** A sale's purchase cancelled while the sale is open: reserved back to allocated, for another buyer. */
    @Update("""
            UPDATE stock_items SET reserved = reserved - #{qty}, allocated = allocated + #{qty},
                   version = version + 1, updated_at = #{now}
            WHERE sku = #{sku} AND reserved >= #{qty}""")
    int releaseToAllocation(@Param("sku") String sku, @Param("qty") long quantity, @Param("now") Instant now);

    /** A closed sale's remaining units go back: allocated to available. */
    @Update("""
            UPDATE stock_items SET allocated = allocated - #{qty}, available = available + #{qty},
                   version = version + 1, updated_at = #{now}
            WHERE sku = #{sku} AND allocated >= #{qty}""")
    int returnAllocated(@Param("sku") String sku, @Param("qty") long quantity, @Param("now") Instant now);

    @Select("SELECT * FROM stock_items WHERE sku = #{sku} FOR UPDATE")
    StockItemRow selectForUpdate(@Param("sku") String sku);
}
