package dev.orderplatform.inventory.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.Instant;
import org.apache.ibatis.annotations.Delete;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

public interface StockChangeMessageMapper extends BaseMapper<StockChangeMessageRow> {

    /**
     * Whether the change committed, for the broker's check-back. A locking read: if the transaction that
     * inserted the row is still open, InnoDB makes this wait until it commits (row found) or rolls back (not
     * found), so the answer is never a guess about a change still in flight.
     */
    @Select("SELECT COUNT(*) FROM stock_change_messages WHERE change_id = #{changeId} LOCK IN SHARE MODE")
    int countCommitted(@Param("changeId") String changeId);

    @Delete("DELETE FROM stock_change_messages WHERE created_at < #{before} LIMIT #{limit}")
    int deleteOlderThan(@Param("before") Instant before, @Param("limit") int limit);
}
