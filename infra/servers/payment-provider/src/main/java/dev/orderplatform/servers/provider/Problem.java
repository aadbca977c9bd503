package dev.orderplatform.servers.provider;

import java.util.Map;

/**
 * An error answer: RFC 9457 {@code application/problem+json} with {@code type} (a bare slug, as the services'
 * problems are), {@code title}, {@code status}, {@code detail} and, for validation failures, {@code errors}
 * (field → message).
 */
final class Problem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, String> errors;

    Problem(int status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    private Problem(int status, String type, String title, String detail, Map<String, String> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = Map.copyOf(errors);
    }

    static Problem invalid(String field, String message) {
        return new Problem(400, "validation-failed", "Invalid request", field + ": " + message, Map.of(field, message));
    }

    static Problem malformed(String detail) {
        return new Problem(400, "malformed-request", "Malformed request", detail);
    }

    static Problem notFound(String what, String id) {
        return new Problem(404, "not-found", "Not found", what + " '" + id + "' does not exist");
    }

    static Problem conflict(String type, String detail) {
        return new Problem(409, type, "Conflict", detail);
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String title() {
        return title;
    }

    String detail() {
        return getMessage();
    }

    Map<String, String> errors() {
        return errors;
    }
}
