package dev.orderplatform.kit.security;

import feign.RequestInterceptor;
import feign.RequestTemplate;

/**
 * Adds this service's token to every Feign call, addressed to the service the Feign client targets (its Nacos name),
 * so the callee's {@code /internal/**} endpoints know who is calling.
 */
public class ServiceTokenFeignInterceptor implements RequestInterceptor {

    private final ServiceTokens.Issuer issuer;

    public ServiceTokenFeignInterceptor(ServiceTokens.Issuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public void apply(RequestTemplate template) {
        template.header(ServiceTokens.HEADER, "Bearer " + issuer.tokenFor(template.feignTarget().name()));
    }
}
