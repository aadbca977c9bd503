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
                   AND deadline > #{deadlineAfter}
            ORDER BY updated_at LIMIT #{limit}""")
    List<OrderRow> findPending(@Param("method") String paymentMethod, @Param("before") Instant updatedBefore,
                               @Param("deadlineAfter") Instant deadlineAfter, @Param("limit") int limit);

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
     * read, so two deciders (the request, a recovery job, another instance) can never both move it. A decider that
     * read no XID moves it only while it still has none: approving records the XID without a new version, and an
     * order approved since may be committing (its approval, in turn, requires the order still pending).
     */
    @Update("""
            UPDATE orders SET status = #{status}, reason = #{reason}, amount_cents = #{amount}, updated_at = #{now},
                   version = version + 1
            WHERE order_id = #{orderId} AND status = 'PENDING_PAYMENT' AND version = #{version}
              AND (#{xid} IS NOT NULL OR xid IS NULL)""")
    int finish(@Param("orderId") String orderId, @Param("status") String status, @Param("reason") String reason,
               @Param("amount") Long amountCents, @Param("version") long version, @Param("xid") String xidRead,
               @Param("now") Instant now);

    /** External checkout: the opening saga's XID, recorded on the pending order by the saga's first step. */
    @Update("UPDATE orders SET xid = #{xid} WHERE order_id = #{orderId} AND status = 'PENDING_PAYMENT' AND (xid IS NULL OR xid = #{xid})")
    int recordSaga(@Param("orderId") String orderId, @Param("xid") String xid);

    /** External checkout: what the order costs, once inventory priced it. */
    @Update("""
            UPDATE orders SET amount_cents = #{amount}, points_redeemed = #{redeemed}, amount_paid_cents = #{paid},
                   points_earned = #{earned}, updated_at = #{now}
            WHERE order_id = #{orderId} AND status = 'PENDING_PAYMENT'""")
    int recordPricing(@Param("orderId") String orderId, @Param("amount") long amountCents, @Param("redeemed") long pointsRedeemed,
                      @Param("paid") long amountPaidCents, @Param("earned") long pointsEarned, @Param("now") Instant now);

    /**
     * External checkout: the payment the provider collects — recorded whatever the order's status, because the
     * provider may report the payment (and the order be settled) before the opening saga records it.
     */
    @Update("""
            UPDATE orders SET payment_id = #{paymentId}
            WHERE order_id = #{orderId} AND payment_method = 'EXTERNAL' AND (payment_id IS NULL OR payment_id = #{paymentId})""")
    int recordPayment(@Param("orderId") String orderId, @Param("paymentId") String paymentId);

    /** Claims how a pending order closes; 1 only for the first claim. */
    @Update("""
            UPDATE orders SET closing = #{closing}, updated_at = #{now}
            WHERE order_id = #{orderId} AND status = 'PENDING_PAYMENT' AND closing IS NULL""")
    int claimClosing(@Param("orderId") String orderId, @Param("closing") String closing, @Param("now") Instant now);

    /** Takes the right to start the order's settlement saga until {@code until}, unless another holds it now. */
    @Update("""
            UPDATE orders SET settle_claimed_until = #{until}
            WHERE order_id = #{orderId} AND (settle_claimed_until IS NULL OR settle_claimed_until < #{now})""")
    int claimSettleStart(@Param("orderId") String orderId, @Param("now") Instant now, @Param("until") Instant until);

    @Select("SELECT closing FROM orders WHERE order_id = #{orderId}")
    String closingOf(@Param("orderId") String orderId);

    /** External orders past payBefore that nothing has claimed yet, oldest first. */
    @Select("""
            SELECT order_id FROM orders WHERE payment_method = 'EXTERNAL' AND status = 'PENDING_PAYMENT' AND closing IS NULL
                   AND deadline < #{now}
            ORDER BY deadline LIMIT #{limit}""")
    List<String> findExpired(@Param("now") Instant now, @Param("limit") int limit);

    /**
     * External orders claimed EXPIRED and not released yet, whose payBefore is after {@code deadlineAfter} (older ones
     * are the straggler job's), oldest claim first.
     */
    @Select("""
            SELECT order_id FROM orders WHERE payment_method = 'EXTERNAL' AND status = 'PENDING_PAYMENT'
                   AND closing = 'EXPIRED' AND deadline > #{deadlineAfter}
            ORDER BY updated_at LIMIT #{limit}""")
    List<String> findClaimedExpiries(@Param("deadlineAfter") Instant deadlineAfter, @Param("limit") int limit);

    /** External orders claimed (closing set) but still pending since before {@code before}: their follow-up stalled. */
    @Select("""
            SELECT order_id FROM orders WHERE payment_method = 'EXTERNAL' AND status = 'PENDING_PAYMENT'
                   AND closing IS NOT NULL AND updated_at < #{before} AND deadline > #{deadlineAfter}
            ORDER BY updated_at LIMIT #{limit}""")
    List<String> findStalledClosings(@Param("before") Instant before, @Param("deadlineAfter") Instant deadlineAfter, @Param("limit") int limit);
}
