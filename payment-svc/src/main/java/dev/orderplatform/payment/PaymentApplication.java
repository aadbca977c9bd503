package dev.orderplatform.payment;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import org.mybatis.spring.annotation.MapperScan;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.openfeign.EnableFeignClients;

/** Wallets and payments; the "freeze-wallet-funds" TCC participant. */
@SpringBootApplication
@EnableFeignClients(basePackages = "dev.orderplatform.payment.integration")
// markerInterface: without it MyBatis would also turn any other interface in the package into a mapper
@MapperScan(basePackages = "dev.orderplatform.payment.store", markerInterface = BaseMapper.class)
public class PaymentApplication {

    public static void main(String[] args) {
        SpringApplication.run(PaymentApplication.class, args);
    }
}
