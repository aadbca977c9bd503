package dev.orderplatform.kit.security;

import dev.orderplatform.kit.web.ProblemResponses;
import dev.orderplatform.kit.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** Spring Security's refusals as problem bodies (docs/api.md), never its default empty pages. */
final class ProblemAnswers implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private final String credential;

    /** @param credential what a caller of this zone must send, for the 401's detail */
    ProblemAnswers(String credential) {
        this.credential = credential;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        ProblemResponses.write(request, response, HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "Unauthorized",
                "This endpoint needs " + credential + "; nothing was read or written.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) throws IOException {
        ProblemResponses.write(request, response, HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden",
                "The credential sent does not allow this; nothing was read or written.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected) throws IOException {
        ProblemResponses.write(request, response, HttpStatus.BAD_REQUEST, Problems.REQUEST_REJECTED, "Request rejected",
                "The request path or headers are not acceptable (" + rejected.getMessage() + ").");
    }
}
