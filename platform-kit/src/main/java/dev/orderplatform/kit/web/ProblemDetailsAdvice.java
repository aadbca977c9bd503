package dev.orderplatform.kit.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every error into an RFC 9457 {@code application/problem+json} body with {@code type}, {@code title},
 * {@code status}, {@code detail} and, for validation failures, {@code errors} (field → message).
 * Clients never see a stack trace or a Java class name.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler(ApiException.class)
    public ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> problem = problem(e.status(), e.type(), e.title(), e.getMessage(), e.properties(), request);
        if (e.headers().isEmpty()) {
            return problem;
        }
        ResponseEntity.BodyBuilder withHeaders = ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders());
        e.headers().forEach(withHeaders::header);
        return withHeaders.body(problem.getBody());
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException e, HttpServletRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            errors.putIfAbsent(error.getField(), error.getDefaultMessage());
        }
        e.getBindingResult().getGlobalErrors()
                .forEach(error -> errors.putIfAbsent(error.getObjectName(), error.getDefaultMessage()));
        return validation(errors, request);
    }

    /** Invalid path variables and headers (Spring's built-in method validation), named as the client sent them. */
    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e, HttpServletRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.getAllValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors bodyErrors) {
                // a @Valid @RequestBody validated together with constrained path variables or headers
                bodyErrors.getFieldErrors().forEach(error -> errors.putIfAbsent(error.getField(), error.getDefaultMessage()));
                bodyErrors.getGlobalErrors().forEach(error -> errors.putIfAbsent(error.getObjectName(), error.getDefaultMessage()));
            } else {
                String name = httpName(result.getMethodParameter());
                result.getResolvableErrors().forEach(error -> errors.putIfAbsent(name, error.getDefaultMessage()));
            }
        });
        return validation(errors, request);
    }

    private static String httpName(MethodParameter parameter) {
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && !header.name().isEmpty()) {
            return header.name();
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        return parameter.getParameterName();
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException e, HttpServletRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        e.getConstraintViolations().forEach(violation -> {
            String path = violation.getPropertyPath().toString();
            // method-validation paths look like "get.userId": the parameter name is what the client knows
            String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
            errors.putIfAbsent(field, violation.getMessage());
        });
        return validation(errors, request);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<ProblemDetail> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return validation(Map.of(e.getHeaderName(), "header is required"), request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return validation(Map.of(e.getParameterName(), "parameter is required"), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return validation(Map.of(e.getName(), "has the wrong format"), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        Throwable cause = e.getCause();
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof RequestBodyLimit.BodyTooLargeException tooLarge) {
                ResponseEntity<ProblemDetail> problem = problem(HttpStatus.PAYLOAD_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE,
                        "Payload too large", tooLarge.getMessage() + "; nothing was done.", Map.of(), request);
                return ResponseEntity.status(problem.getStatusCode()).header(HttpHeaders.CONNECTION, "close").body(problem.getBody());
            }
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = JsonPaths.of(mapping.getPath());
            return validation(Map.of(field, describe(mapping)), request);
        }
        String detail = cause instanceof JsonProcessingException
                ? "The request body is not well-formed JSON."
                : "The request body is missing or unreadable.";
        return problem(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST, "Malformed request", detail, Map.of(), request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return problem(HttpStatus.METHOD_NOT_ALLOWED, Problems.METHOD_NOT_ALLOWED, "Method not allowed",
                e.getMethod() + " is not supported here", Map.of(), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Problems.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                "Send the body as application/json", Map.of(), request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noSuchPath(NoResourceFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", "No resource at this path", Map.of(), request);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL_ERROR, "Internal error",
                "The request could not be completed; it is safe to retry with the same Idempotency-Key.", Map.of(), request);
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "unknown field";
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null && invalid.getTargetType().isEnum()) {
            return "must be one of " + Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
        }
        return "has the wrong type or format";
    }

    private static ResponseEntity<ProblemDetail> validation(Map<String, String> errors, HttpServletRequest request) {
        String detail = errors.entrySet().stream()
                .map(entry -> entry.getKey() + ": " + entry.getValue())
                .collect(Collectors.joining("; "));
        return problem(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid request", detail,
                Map.of("errors", errors), request);
    }

    /**
     * A store the service needs is down or restarting: 503 with Retry-After rather than 500, because a retry
     * with the same Idempotency-Key is exactly what the client should do (its lease lets the retry resume).
     */
    static ResponseEntity<ProblemDetail> storeUnavailable(Exception e, HttpServletRequest request) {
        log.warn("Store unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        ResponseEntity<ProblemDetail> answer = problem(HttpStatus.SERVICE_UNAVAILABLE, Problems.SERVICE_UNAVAILABLE,
                "Service unavailable", "A store this service needs cannot be reached right now; retry shortly with the same Idempotency-Key.",
                Map.of(), request);
        return ResponseEntity.status(answer.getStatusCode()).header(HttpHeaders.RETRY_AFTER, "2").body(answer.getBody());
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail,
                                                         Map<String, Object> properties, HttpServletRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create(type));
        body.setTitle(title);
        body.setInstance(URI.create(request.getRequestURI()));
        properties.forEach(body::setProperty);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.body(body);
    }
}
