package dev.orderplatform.order;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import org.mybatis.spring.annotation.MapperScan;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.openfeign.EnableFeignClients;

/** Orders: the public checkout API and the transaction manager of wallet checkout. */
@SpringBootApplication
@EnableFeignClients(basePackages = {"dev.orderplatform.order.tcc", "dev.orderplatform.order.saga", "dev.orderplatform.order.compensation",
        "dev.orderplatform.order.flashsale"})
// markerInterface: without it MyBatis would also turn the Feign interfaces into mappers
@MapperScan(basePackages = "dev.orderplatform.order.store", markerInterface = BaseMapper.class)
public class OrderApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderApplication.class, args);
    }
}
