package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.Instant;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Update;

/** Money moves by single guarded UPDATEs: the WHERE clause checks the money is there (no read-then-write). */
public interface WalletMapper extends BaseMapper<WalletRow> {

    /** Opens an empty wallet unless the user has one. */
    @Insert("""
            INSERT IGNORE INTO wallets (user_id, balance_cents, frozen_cents, spent_cents, refunded_cents, version, created_at, updated_at)
            VALUES (#{userId}, 0, 0, 0, 0, 1, #{now}, #{now})""")
    int openIfAbsent(@Param("userId") String userId, @Param("now") Instant now);

    @Update("""
            UPDATE wallets SET balance_cents = balance_cents + #{amount}, version = version + 1, updated_at = #{now}
            WHERE user_id = #{userId}""")
    int credit(@Param("userId") String userId, @Param("amount") long amountCents, @Param("now") Instant now);

    @Update("""
            UPDATE wallets SET balance_cents = balance_cents - #{amount}, frozen_cents = frozen_cents + #{amount},
                   version = version + 1, updated_at = #{now}
            WHERE user_id = #{userId} AND balance_cents >= #{amount}""")
    int freeze(@Param("userId") String userId, @Param("amount") long amountCents, @Param("now") Instant now);

    @Update("""
            UPDATE wallets SET frozen_cents = frozen_cents - #{amount}, spent_cents = spent_cents + #{amount},
                   version = version + 1, updated_at = #{now}
            WHERE user_id = #{userId} AND frozen_cents >= #{amount}""")
    int spendFrozen(@Param("userId") String userId, @Param("amount") long amountCents, @Param("now") Instant now);

    @Update("""
            UPDATE wallets SET frozen_cents = frozen_cents - #{amount}, balance_cents = balance_cents + #{amount},
                   version = version + 1, updated_at = #{now}
            WHERE user_id = #{userId} AND frozen_cents >= #{amount}""")
    int unfreeze(@Param("userId") String userId, @Param("amount") long amountCents, @Param("now") Instant now);
}
