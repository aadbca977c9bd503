package dev.orderplatform.order.store;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.util.List;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

public interface OrderItemMapper extends BaseMapper<OrderItemRow> {

    @Select("SELECT * FROM order_items WHERE order_id = #{orderId} ORDER BY line_no")
    List<OrderItemRow> findByOrder(@Param("orderId") String orderId);

    @Update("UPDATE order_items SET unit_price_cents = #{price} WHERE order_id = #{orderId} AND sku = #{sku}")
    int setPrice(@Param("orderId") String orderId, @Param("sku") String sku, @Param("price") long unitPriceCents);
}
