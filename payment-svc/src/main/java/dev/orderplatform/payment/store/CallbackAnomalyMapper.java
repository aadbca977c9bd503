package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;

public interface CallbackAnomalyMapper extends BaseMapper<CallbackAnomalyRow> {
}
