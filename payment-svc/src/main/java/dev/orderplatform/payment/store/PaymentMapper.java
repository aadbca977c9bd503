package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.Instant;
import java.util.List;
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

    /**
     * External payments nobody has reported — no callback in the inbox, money not known to be taken — whose
     * pay-before passed between {@code since} and {@code overdueBefore}, not asked about since {@code askedBefore},
     * and whose provider has not given a final answer yet: oldest first.
     */
    @Select("""
            SELECT p.payment_id FROM payments p
            WHERE p.method = 'EXTERNAL' AND p.status IN ('PENDING', 'FAILED')
              AND p.pay_before < #{overdueBefore} AND p.pay_before > #{since}
              AND (p.provider_said IS NULL OR p.provider_said = 'PENDING')
              AND (p.provider_checked_at IS NULL OR p.provider_checked_at < #{askedBefore})
              AND NOT EXISTS (SELECT 1 FROM payment_callback_inbox i WHERE i.payment_id = p.payment_id)
            ORDER BY p.pay_before LIMIT #{limit}""")
    List<String> findOverdueUnreported(@Param("overdueBefore") Instant overdueBefore, @Param("since") Instant since,
                                       @Param("askedBefore") Instant askedBefore, @Param("limit") int limit);

    /** Claims asking the provider about a payment (one instance at a time); 1 if this caller has it. */
    @Update("""
            UPDATE payments SET provider_checked_at = #{now}
            WHERE payment_id = #{paymentId} AND (provider_checked_at IS NULL OR provider_checked_at < #{askedBefore})""")
    int claimProviderCheck(@Param("paymentId") String paymentId, @Param("now") Instant now, @Param("askedBefore") Instant askedBefore);

    @Update("UPDATE payments SET provider_said = #{said} WHERE payment_id = #{paymentId}")
    int recordProviderSaid(@Param("paymentId") String paymentId, @Param("said") String said);
}
