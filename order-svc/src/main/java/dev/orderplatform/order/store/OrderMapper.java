package dev.orderplatform.order.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

public interface OrderMapper extends BaseMapper<OrderRow> {

    @Select("""
            SELECT * FROM orders WHERE status = 'PENDING_PAYMENT' AND payment_method = #{method} AND updated_at < #{before}
            ORDER BY updated_at LIMIT #{limit}""")
    List<OrderRow> findPending(@Param("method") String paymentMethod, @Param("before") Instant updatedBefore, @Param("limit") int limit);

    /** Records the pricing, the payment and the XID of a pending order, before the commit is requested. */
    @Update("""
            UPDATE orders SET xid = #{xid}, payment_id = #{paymentId}, amount_cents = #{amount},
                   points_redeemed = #{redeemed}, amount_paid_cents = #{paid}, points_earned = #{earned}, updated_at = #{now}
            WHERE order_id = #{orderId} AND status = 'PENDING_PAYMENT'""")
    int approve(@Param("orderId") String orderId, @Param("xid") String xid, @Param("paymentId") String paymentId,
                @Param("amount") long amountCents, @Param("redeemed") long pointsRedeemed, @Param("paid") long amountPaidCents,
                @Param("earned") long pointsEarned, @Param("now") Instant now);

    /**
     * Moves a pending order to a terminal status — only from PENDING_PAYMENT and only from the version we
     * read, so two deciders (the request, a recovery job, another instance) can never both move it.
     */
    @Update("""
            UPDATE orders SET status = #{status}, reason = #{reason}, amount_cents = #{amount}, updated_at = #{now},
                   version = version + 1
            WHERE order_id = #{orderId} AND status = 'PENDING_PAYMENT' AND version = #{version}""")
    int finish(@Param("orderId") String orderId, @Param("status") String status, @Param("reason") String reason,
               @Param("amount") Long amountCents, @Param("version") long version, @Param("now") Instant now);
}
