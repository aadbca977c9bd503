package dev.orderplatform.payment.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;

public interface TopUpMapper extends BaseMapper<TopUpRow> {
}
