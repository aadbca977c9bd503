package dev.orderplatform.inventory.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;

public interface StockReceiptMapper extends BaseMapper<StockReceiptRow> {
}
