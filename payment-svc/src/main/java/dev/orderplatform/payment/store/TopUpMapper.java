package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;

public interface TopUpMapper extends BaseMapper<TopUpRow> {

    @Select("SELECT * FROM wallet_top_ups WHERE idempotency_key = #{key}")
    TopUpRow findByKey(@Param("key") String idempotencyKey);
}
