package dev.orderplatform.inventory.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

/** {@code stock_cache_repairs}: SKUs whose cache entry missed a dead-lettered message. */
public interface StockCacheRepairMapper extends BaseMapper<StockCacheRepairRow> {

    /** A SKU needs repair as of {@code at} (a later failure moves the time on). */
    @Insert("""
            INSERT INTO stock_cache_repairs (sku, failed_at) VALUES (#{sku}, #{at})
            ON DUPLICATE KEY UPDATE failed_at = VALUES(failed_at)""")
    void remember(@Param("sku") String sku, @Param("at") Instant at);

    @Select("SELECT sku, failed_at FROM stock_cache_repairs ORDER BY failed_at LIMIT #{limit}")
    List<StockCacheRepairRow> pending(@Param("limit") int limit);

    /** Deletes the repair only if no newer failure was recorded since it was read. */
    @Delete("DELETE FROM stock_cache_repairs WHERE sku = #{sku} AND failed_at = #{failedAt}")
    int done(@Param("sku") String sku, @Param("failedAt") Instant failedAt);
}
