package dev.orderplatform.kit.tcc;

import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import feign.RequestInterceptor;
import feign.RequestTemplate;
import io.seata.core.context.RootContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Carries the global deadline across a Feign call (the XID itself is carried by Spring Cloud Alibaba's
 * Seata interceptors) and checks, on the participant side, that a TCC endpoint is really called inside
 * a global transaction: without an XID, Seata would run the Try as a plain method with no branch and no
 * fence, and whatever it reserved could never be confirmed or released.
 */
public final class GlobalTransactionPropagation {

    private GlobalTransactionPropagation() {
    }

    /** Initiator side: adds the deadline header to outgoing Feign requests. */
    public static class DeadlineFeignInterceptor implements RequestInterceptor {
        @Override
        public void apply(RequestTemplate template) {
            GlobalDeadline.current().ifPresent(deadline -> template.header(GlobalDeadline.HEADER,
                    Long.toString(deadline.toEpochMilli())));
        }
    }

    /** Participant side: binds the deadline of the incoming request for the duration of the request. */
    public static class DeadlineWebInterceptor implements HandlerInterceptor {
        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            String header = request.getHeader(GlobalDeadline.HEADER);
            if (header != null) {
                try {
                    GlobalDeadline.bind(Instant.ofEpochMilli(Long.parseLong(header.trim())));
                } catch (NumberFormatException e) {
                    throw Problems.validation(GlobalDeadline.HEADER, "must be epoch milliseconds");
                }
            }
            return true;
        }

        @Override
        public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
            GlobalDeadline.clear();
        }
    }

    /** Participant side: the XID of the global transaction this request belongs to, or 400. */
    public static String requireXid() {
        String xid = RootContext.getXID();
        if (xid == null || xid.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Missing global transaction",
                    "TCC endpoints must be called inside a Seata global transaction (header " + RootContext.KEY_XID + ").");
        }
        return xid;
    }
}
