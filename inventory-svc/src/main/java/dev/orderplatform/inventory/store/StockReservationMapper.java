package dev.orderplatform.inventory.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

public interface StockReservationMapper extends BaseMapper<StockReservationRow> {

    @Select("SELECT * FROM stock_reservations WHERE xid = #{xid} AND branch_id = #{branchId} ORDER BY sku")
    List<StockReservationRow> findByBranch(@Param("xid") String xid, @Param("branchId") long branchId);

    @Update("""
            UPDATE stock_reservations SET status = #{to}, updated_at = #{now}
            WHERE xid = #{xid} AND branch_id = #{branchId} AND sku = #{sku} AND status = #{from}""")
    int moveStatus(@Param("xid") String xid, @Param("branchId") long branchId, @Param("sku") String sku,
                   @Param("from") String from, @Param("to") String to, @Param("now") Instant now);
}
