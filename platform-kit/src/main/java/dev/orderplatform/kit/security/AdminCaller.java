package dev.orderplatform.kit.security;

import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;

/**
 * The admin token the current request was authenticated with (by the admin zone's filter chain, see
 * {@link TrustZones}), for audit records and for the checks a handler makes from the body (a dry run needs less than
 * a real run).
 */
public final class AdminCaller {

    private AdminCaller() {
    }

    /** The name of the caller's token ({@code admin}, {@code operator}, …). */
    public static String name() {
        return current().getName();
    }

    /** 403 unless the caller's token holds {@code role}. */
    public static void require(AdminRole role) {
        Authentication caller = current();
        boolean held = caller.getAuthorities().stream().anyMatch(authority -> role.authority().equals(authority.getAuthority()));
        if (!held) {
            throw new ApiException(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
                    "The token '" + caller.getName() + "' does not have the '" + role.name().toLowerCase() + "' role.");
        }
    }

    private static Authentication current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof BearerTokenAuthentication admin && admin.isAuthenticated()) {
            return admin;
        }
        throw new IllegalStateException("no authenticated admin caller: the endpoint is not in the admin zone");
    }
}
