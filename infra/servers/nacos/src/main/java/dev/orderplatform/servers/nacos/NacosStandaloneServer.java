package dev.orderplatform.servers.nacos;

import com.alibaba.nacos.core.code.ControllerMethodsCache;
import com.alibaba.nacos.sys.filter.NacosTypeExcludeFilter;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Entry point of a standalone Nacos server built from the Nacos modules on the classpath (core, naming,
 * config, default plugins) — the part the unpublished console module normally provides. Runs with
 * {@code -Dnacos.standalone=true -Dnacos.home=…}; the settings are in this module's application.properties,
 * which must come before the Nacos jars on the classpath (nacos-naming ships one of its own).
 */
@SpringBootApplication
@ComponentScan(basePackages = "com.alibaba.nacos", excludeFilters = {
        // honours nacos.functionMode like the official server
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = NacosTypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class)})
// as the official server's main: Nacos's scheduled jobs run (its authentication loads its users through one of them)
@EnableScheduling
public class NacosStandaloneServer {

    public static void main(String[] args) {
        SpringApplication.run(NacosStandaloneServer.class, args);
    }

    /**
     * Nacos's HTTP filters look every request's handler up in this cache; the console module fills it. Without
     * it every {@code /v1/ns/**} call answers 501 "no such api" (while v2 and config still work).
     */
    @Bean
    public SmartInitializingSingleton controllerMethodsRegistrar(ControllerMethodsCache methods) {
        return () -> {
            methods.initClassMethod("com.alibaba.nacos.core.controller");
            methods.initClassMethod("com.alibaba.nacos.naming.controllers");
            methods.initClassMethod("com.alibaba.nacos.config.server.controller");
        };
    }
}
