package dev.orderplatform.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The one public entry of the order platform (docs/security.md, "The edge"): routes the public contract to the services
 * by their Nacos names, answers 404 for everything else, strips headers that carry internal meaning, bounds sizes
 * and time per route, limits unauthenticated callers per address, and retries only what is safe to retry.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
