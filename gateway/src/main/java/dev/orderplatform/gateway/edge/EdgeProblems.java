package dev.orderplatform.gateway.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.reactive.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every answer the edge gives itself is an RFC 9457 problem body, like the services' (docs/api.md): 404 for anything the
 * edge does not route ({@code /internal/**}, the actuator beyond health, fault hooks…), 400/413/429/431 for what it
 * refuses, 502 when the instance it forwarded to failed or vanished mid-request, 503 when no instance is registered,
 * 504 when one did not answer in the route's time. Never a stack trace or Spring's default error page.
 */
@Component
@Order(-2) // before Spring Boot's DefaultErrorWebExceptionHandler
public class EdgeProblems implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(EdgeProblems.class);

    private final ObjectMapper json;

    public EdgeProblems(ObjectMapper json) {
        this.json = json;
    }

    record Problem(HttpStatus status, String type, String title, String detail, Map<String, String> headers) {
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error); // a stream that broke after it started: nothing left to say, the connection ends
        }
        Problem problem = problemFor(error);
        if (problem.status().is5xxServerError()) {
            log.warn("{} {} → {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), problem.status().value(), error.toString());
        }
        response.setStatusCode(problem.status());
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        problem.headers().forEach(response.getHeaders()::set);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status().value());
        body.put("detail", problem.detail());
        body.put("instance", exchange.getRequest().getPath().value());
        try {
            return response.writeWith(Mono.just(response.bufferFactory().wrap(json.writeValueAsBytes(body))));
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
    }

    static Problem problemFor(Throwable error) {
        if (error instanceof EdgeRefusal refusal) {
            HttpStatus status = HttpStatus.valueOf(refusal.getStatusCode().value());
            return new Problem(status, refusal.type(), status.getReasonPhrase(), refusal.getReason(), refusal.extraHeaders());
        }
        if (error instanceof ResponseStatusException statusError) {
            HttpStatus status = HttpStatus.valueOf(statusError.getStatusCode().value());
            return switch (status) {
                case NOT_FOUND -> new Problem(status, "not-found", "Not found", "Nothing is served at this path.", Map.of());
                case BAD_REQUEST -> new Problem(status, "request-rejected", "Request rejected",
                        statusError.getReason() == null ? "The request is not acceptable." : statusError.getReason(), Map.of());
                case SERVICE_UNAVAILABLE -> new Problem(status, "service-unavailable", "Service unavailable",
                        "No instance of the service behind this path is available; retry shortly.", Map.of(HttpHeaders.RETRY_AFTER, "2"));
                case GATEWAY_TIMEOUT -> gatewayTimeout();
                case PAYLOAD_TOO_LARGE -> new Problem(status, "payload-too-large", "Payload too large",
                        "The request body is larger than this endpoint takes.", Map.of(HttpHeaders.CONNECTION, "close"));
                default -> new Problem(status, status.is4xxClientError() ? "request-rejected" : "internal-error",
                        status.getReasonPhrase(), "The request could not be completed.", Map.of());
            };
        }
        if (error instanceof TimeoutException) {
            return gatewayTimeout();
        }
        if (error instanceof IOException) { // refused, reset or closed mid-request (reactor-netty's PrematureCloseException too)
            return new Problem(HttpStatus.BAD_GATEWAY, "bad-gateway", "Bad gateway",
                    "The service instance failed or went away while answering. A retry with the same Idempotency-Key is safe: "
                            + "it answers with what the first attempt did, or 409 while that is still settling.",
                    Map.of(HttpHeaders.RETRY_AFTER, "1"));
        }
        return new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The request could not be completed; it is safe to retry with the same Idempotency-Key.", Map.of());
    }

    private static Problem gatewayTimeout() {
        return new Problem(HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout", "Gateway timeout",
                "The service did not answer in time. A retry with the same Idempotency-Key is safe: it answers with what the "
                        + "first attempt did, or 409 while that is still settling.", Map.of(HttpHeaders.RETRY_AFTER, "1"));
    }
}
