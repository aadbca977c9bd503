package dev.orderplatform.kit.security;

import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Guards {@link AdminOnly} endpoints and everything under {@code /admin}: 401 without a known token,
 * 403 for a known token that lacks the role. Runs before the handler, so a refused call writes nothing.
 * The caller's token is left on the request ({@link AdminCaller}) for audit records and checks that depend on
 * the body (a dry run needs less than a real run).
 *
 * <p>The operator web page itself ({@code GET /admin} and its static files under {@code /admin/ui/}) is open: it
 * holds no data, and a browser cannot send a bearer token with a page load. Every call it makes is guarded.
 */
public class AdminAccessInterceptor implements HandlerInterceptor {

    private final BearerTokens tokens;

    public AdminAccessInterceptor(BearerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Optional<String> requiredRole = requiredRole(request, handler);
        if (requiredRole.isEmpty()) {
            return true;
        }
        SecurityProperties.Token token = tokens.authenticate(request.getHeader(HttpHeaders.AUTHORIZATION))
                .orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "Unauthorized",
                        "This endpoint needs 'Authorization: Bearer <admin token>'."));
        AdminCaller.remember(request, token);
        AdminCaller.require(token, requiredRole.get());
        return true;
    }

    private static Optional<String> requiredRole(HttpServletRequest request, Object handler) {
        if (handler instanceof HandlerMethod method) {
            AdminOnly annotation = method.getMethodAnnotation(AdminOnly.class);
            if (annotation == null) {
                annotation = method.getBeanType().getAnnotation(AdminOnly.class);
            }
            if (annotation != null) {
                return Optional.of(annotation.role());
            }
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (isOperatorPage(request, path)) {
            return Optional.empty();
        }
        return path.equals("/admin") || path.startsWith("/admin/") ? Optional.of(SecurityProperties.ROLE_ADMIN) : Optional.empty();
    }

    private static boolean isOperatorPage(HttpServletRequest request, String path) {
        return "GET".equals(request.getMethod()) && (path.equals("/admin") || path.startsWith("/admin/ui/"));
    }
}
