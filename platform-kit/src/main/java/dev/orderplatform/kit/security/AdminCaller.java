package dev.orderplatform.kit.security;

import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;

/** The token an admin request was authenticated with, for audit records and role checks made in a handler. */
public final class AdminCaller {

    private static final String ATTRIBUTE = AdminCaller.class.getName();

    private AdminCaller() {
    }

    static void remember(HttpServletRequest request, SecurityProperties.Token token) {
        request.setAttribute(ATTRIBUTE, token);
    }

    /** The caller's token; the request must have passed {@link AdminAccessInterceptor}. */
    public static SecurityProperties.Token of(HttpServletRequest request) {
        Object token = request.getAttribute(ATTRIBUTE);
        if (token instanceof SecurityProperties.Token known) {
            return known;
        }
        throw new IllegalStateException("no authenticated admin caller on " + request.getRequestURI());
    }

    /** 403 unless {@code token} holds {@code role}. */
    public static void require(SecurityProperties.Token token, String role) {
        if (!token.has(role)) {
            throw new ApiException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
                    "The token '" + token.name() + "' does not have the '" + role + "' role.");
        }
    }
}
