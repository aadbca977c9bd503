package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.Instant;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

public interface PaymentMapper extends BaseMapper<PaymentRow> {

    @Select("SELECT * FROM payments WHERE xid = #{xid} AND branch_id = #{branchId}")
    PaymentRow findByBranch(@Param("xid") String xid, @Param("branchId") long branchId);

    @Update("""
            UPDATE payments SET status = #{to}, updated_at = #{now}
            WHERE payment_id = #{paymentId} AND status = #{from}""")
    int moveStatus(@Param("paymentId") String paymentId, @Param("from") String from, @Param("to") String to,
                   @Param("now") Instant now);
}
