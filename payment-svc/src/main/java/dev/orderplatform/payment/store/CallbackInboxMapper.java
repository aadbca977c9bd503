package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.Instant;
import java.util.List;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

public interface CallbackInboxMapper extends BaseMapper<CallbackEventRow> {

    /** Callback events received and not yet processed (the inbox backlog). */
    @Select("SELECT COUNT(*) FROM payment_callback_inbox WHERE processed_at IS NULL")
    long countPending();

    /** When the oldest event not yet processed was received; null when none waits. */
    @Select("SELECT MIN(received_at) FROM payment_callback_inbox WHERE processed_at IS NULL")
    Instant oldestPending();

    /** 1 if the event is new, 0 if it was received before (the deduplication). */
    @Insert("""
            INSERT IGNORE INTO payment_callback_inbox (event_id, payment_id, status, amount_cents, occurred_at, raw_body, received_at)
            VALUES (#{e.eventId}, #{e.paymentId}, #{e.status}, #{e.amountCents}, #{e.occurredAt}, #{e.rawBody}, #{e.receivedAt})""")
    int insertIfNew(@Param("e") CallbackEventRow event);

    /** Events not yet processed and not claimed by a live worker, oldest first. */
    @Select("""
            SELECT event_id FROM payment_callback_inbox
            WHERE processed_at IS NULL AND (claimed_until IS NULL OR claimed_until < #{now})
            ORDER BY received_at LIMIT #{limit}""")
    List<String> findUnprocessed(@Param("now") Instant now, @Param("limit") int limit);

    /** Takes the event for {@code until}; 1 if this worker got it. */
    @Update("""
            UPDATE payment_callback_inbox SET claimed_until = #{until}, attempts = attempts + 1
            WHERE event_id = #{eventId} AND processed_at IS NULL AND (claimed_until IS NULL OR claimed_until < #{now})""")
    int claim(@Param("eventId") String eventId, @Param("now") Instant now, @Param("until") Instant until);

    @Update("UPDATE payment_callback_inbox SET processed_at = #{now}, claimed_until = NULL, outcome = #{outcome} WHERE event_id = #{eventId}")
    int markProcessed(@Param("eventId") String eventId, @Param("outcome") String outcome, @Param("now") Instant now);

    /** Gives the event back for a later attempt (no sooner than {@code retryAt}). */
    @Update("UPDATE payment_callback_inbox SET claimed_until = #{retryAt}, outcome = #{outcome} WHERE event_id = #{eventId}")
    int release(@Param("eventId") String eventId, @Param("outcome") String outcome, @Param("retryAt") Instant retryAt);
}
