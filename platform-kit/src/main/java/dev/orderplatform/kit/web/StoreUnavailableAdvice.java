package dev.orderplatform.kit.web;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers 503 when the service's database is unreachable. One advice per store kind, because each names
 * exception classes that exist only when that store's driver is on the class path; both are ordered before
 * {@link ProblemDetailsAdvice}, whose catch-all would otherwise answer 500.
 */
public final class StoreUnavailableAdvice {

    private StoreUnavailableAdvice() {
    }

    /**
     * MySQL: connection refused or lost, pool timed out, a transaction that could not be opened — or could not
     * be committed or rolled back because the connection died under it (the request's effect is then unknown to
     * the caller, who retries under the same Idempotency-Key).
     */
    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public static class Jdbc {
        @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
                RecoverableDataAccessException.class, CannotCreateTransactionException.class, TransactionSystemException.class})
        ResponseEntity<ProblemDetail> unavailable(Exception e, HttpServletRequest request) {
            return ProblemDetailsAdvice.storeUnavailable(e, request);
        }
    }

    /** Any other server a write goes through (e.g. the message broker of a transactional message). */
    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public static class Other {
        @ExceptionHandler(StoreUnavailableException.class)
        ResponseEntity<ProblemDetail> unavailable(Exception e, HttpServletRequest request) {
            return ProblemDetailsAdvice.storeUnavailable(e, request);
        }
    }

    /** MongoDB: the server cannot be selected or the socket broke. */
    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    public static class Mongo {
        @ExceptionHandler({MongoSocketException.class, MongoTimeoutException.class})
        ResponseEntity<ProblemDetail> unavailable(Exception e, HttpServletRequest request) {
            return ProblemDetailsAdvice.storeUnavailable(e, request);
        }
    }
}
