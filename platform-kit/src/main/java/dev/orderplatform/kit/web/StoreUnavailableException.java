package dev.orderplatform.kit.web;

/**
 * A server this service must write through (beyond its database driver's own exceptions) cannot be reached, so
 * the request's change was not made: answered 503 with {@code Retry-After}, like an unreachable database.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
