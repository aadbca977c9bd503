package dev.orderplatform.kit.tcc;

import dev.orderplatform.kit.web.ProblemDetailsAdvice;
import io.seata.common.exception.FrameworkErrorCode;
import io.seata.integration.tx.api.fence.exception.CommonFenceException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Seata's MySQL fence refuses a Try whose branch was already cancelled by failing to insert its fence row
 * (duplicate key). To the initiator that is an ordinary refusal, not a server error.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class FenceRefusalAdvice {

    private final ProblemDetailsAdvice problems;

    public FenceRefusalAdvice(ProblemDetailsAdvice problems) {
        this.problems = problems;
    }

    @ExceptionHandler(CommonFenceException.class)
    ResponseEntity<ProblemDetail> fence(CommonFenceException e, HttpServletRequest request) {
        if (e.getErrcode() == FrameworkErrorCode.DuplicateKeyException) {
            return problems.api(new ParticipantRefusedException(RefusalReason.BRANCH_ALREADY_FINISHED,
                    "This branch was already cancelled; a late Try is refused."), request);
        }
        return problems.unexpected(e, request);
    }
}
