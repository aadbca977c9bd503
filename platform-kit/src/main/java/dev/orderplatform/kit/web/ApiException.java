package dev.orderplatform.kit.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error the client can act on. Rendered as an RFC 9457 problem body by {@link ProblemDetailsAdvice};
 * {@code type} is one of the slugs in {@link Problems} so clients can branch on it.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties;
    private final Map<String, String> headers;

    public ApiException(HttpStatus status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    public ApiException(HttpStatus status, String type, String title, String detail, Map<String, Object> properties) {
        this(status, type, title, detail, properties, Map.of());
    }

    public ApiException(HttpStatus status, String type, String title, String detail, Map<String, Object> properties,
                        Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.properties = Map.copyOf(properties);
        this.headers = Map.copyOf(headers);
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    /** Extra members of the problem body, e.g. {@code errors} or {@code reason}. */
    public Map<String, Object> properties() {
        return properties;
    }

    /** Response headers that go with the problem, e.g. {@code Retry-After}. */
    public Map<String, String> headers() {
        return headers;
    }
}
