package dev.orderplatform.kit.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint (method or whole controller) that needs {@code Authorization: Bearer <token>} of a
 * token holding {@link #role()}. Everything under {@code /admin/**} needs the admin role even without it.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface AdminOnly {

    String role() default SecurityProperties.ROLE_ADMIN;
}
