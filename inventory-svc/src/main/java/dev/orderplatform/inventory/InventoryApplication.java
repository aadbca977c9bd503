package dev.orderplatform.inventory;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import org.mybatis.spring.annotation.MapperScan;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Stock levels and reservations; the "reserve-stock" TCC participant. */
@SpringBootApplication
// markerInterface: without it MyBatis would also turn any other interface in the package into a mapper
@MapperScan(basePackages = "dev.orderplatform.inventory.store", markerInterface = BaseMapper.class)
public class InventoryApplication {

    public static void main(String[] args) {
        SpringApplication.run(InventoryApplication.class, args);
    }
}
