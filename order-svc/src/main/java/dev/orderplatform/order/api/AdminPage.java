package dev.orderplatform.order.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code GET /admin}: the operator page (static files under {@code /admin/ui/}, plain HTML and JavaScript over the
 * admin API — nothing to build). The page holds no data; every call it makes carries the token typed into it.
 */
@Configuration(proxyBeanMethods = false)
public class AdminPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/admin").setViewName("forward:/admin/ui/index.html");
    }
}
