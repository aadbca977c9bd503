package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;

public interface RefundMapper extends BaseMapper<RefundRow> {
}
