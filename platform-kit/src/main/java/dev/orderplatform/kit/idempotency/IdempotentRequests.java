package dev.orderplatform.kit.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Runs a POST handler under the Idempotency-Key protocol and turns the decision into the HTTP answer:
 * first run, replay ({@code Idempotent-Replayed: true}, same status and body), 409 {@code request-in-progress}
 * or 422 {@code idempotency-key-reused}.
 */
public class IdempotentRequests {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final IdempotencyGuard guard;
    private final RequestFingerprint fingerprint;
    private final ObjectMapper json;

    public IdempotentRequests(IdempotencyGuard guard, RequestFingerprint fingerprint, ObjectMapper json) {
        this.guard = guard;
        this.fingerprint = fingerprint;
        this.json = json;
    }

    /** The answer of a handler: its status, its body, and the id of what it created (for Location). */
    public record Outcome(HttpStatus status, Object body, String resourceId) {
    }

    /** The handler itself. */
    public interface Work {
        /**
         * @param resumedResourceId on a takeover, what the earlier attempt had created (may be null)
         * @param attachResource    call as soon as the resource exists, so a takeover can resume from it
         */
        Outcome run(String resumedResourceId, Consumer<String> attachResource);
    }

    /**
     * @param idempotencyScope the operation, caller and target the key belongs to; keys are independent per scope
     * @param lease            how long the first attempt is presumed alive before a retry may take over
     * @param location         builds the Location header from the resource id, or null for none
     */
    public ResponseEntity<String> handle(IdempotencyScope idempotencyScope, String key, Object request, Duration lease,
                                         Function<String, URI> location, Work work) {
        String scope = idempotencyScope.value();
        IdempotencyDecision decision = guard.begin(scope, key, fingerprint.of(scope, request), lease);
        if (decision instanceof IdempotencyDecision.Replay replay) {
            return answer(HttpStatus.valueOf(replay.httpStatus()), replay.responseBody(), replay.resourceId(), location)
                    .header(REPLAYED_HEADER, "true")
                    .body(replay.responseBody());
        }
        if (decision instanceof IdempotencyDecision.InProgress inProgress) {
            throw new ApiException(HttpStatus.CONFLICT, Problems.REQUEST_IN_PROGRESS, "Request in progress",
                    "A request with this Idempotency-Key is still being processed; retry later to get its answer.",
                    Map.of(), Map.of(HttpHeaders.RETRY_AFTER, Long.toString(inProgress.retryAfterSeconds())));
        }
        if (decision instanceof IdempotencyDecision.KeyReused) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, Problems.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency-Key reused", "This Idempotency-Key was already used with a different request body.");
        }
        IdempotencyDecision.Proceed proceed = (IdempotencyDecision.Proceed) decision;
        Outcome outcome;
        try {
            outcome = work.run(proceed.resumedResourceId(), id -> guard.attachResource(scope, key, id));
        } catch (ApiException e) {
            if (e.status().is4xxClientError() && proceed.resumedResourceId() == null) {
                // refused before it changed anything: forget the key so a corrected retry is not blocked
                guard.release(scope, key);
            }
            throw e;
        }
        String body = write(outcome.body());
        guard.complete(scope, key, outcome.status().value(), body);
        return answer(outcome.status(), body, outcome.resourceId(), location).body(body);
    }

    private static ResponseEntity.BodyBuilder answer(HttpStatus status, String body, String resourceId,
                                                     Function<String, URI> location) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON);
        if (location != null && resourceId != null) {
            builder.location(location.apply(resourceId));
        }
        return builder;
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response cannot be serialized", e);
        }
    }
}
