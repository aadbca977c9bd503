package dev.orderplatform.kit.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The problem types of the public contract (docs/api.md). The {@code type} member is the bare slug, exactly as
 * docs/api.md names it (e.g. {@code request-in-progress}), so a client can compare it literally.
 */
public final class Problems {

    public static final String VALIDATION = "validation-failed";
    public static final String MALFORMED_REQUEST = "malformed-request";
    public static final String NOT_FOUND = "not-found";
    public static final String REQUEST_IN_PROGRESS = "request-in-progress";
    public static final String IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String INTERNAL_ERROR = "internal-error";
    public static final String SERVICE_UNAVAILABLE = "service-unavailable";
    public static final String TOO_MANY_REQUESTS = "too-many-requests";
    /** Internal (participant → initiator): a TCC Try refused the work; {@code reason} says why. */
    public static final String PARTICIPANT_REFUSED = "participant-refused";
    /** A saga step or compensation found its order already settled the other way (sold, not released; ...). */
    public static final String SAGA_STEP_CONFLICT = "saga-step-conflict";
    /** A signed provider callback about a payment we do not have, or for another amount (recorded). */
    public static final String CALLBACK_MISMATCH = "callback-mismatch";
    /** An operator action the order's state does not allow (force-cancel a paid order, force-complete unpaid...). */
    public static final String ORDER_STATE_CONFLICT = "order-state-conflict";
    /** A public or admin request carried a transaction context (a Seata XID, a deadline): only services may. */
    public static final String TRANSACTION_CONTEXT_REFUSED = "transaction-context-refused";
    /** The request body is larger than this endpoint accepts (refused before it is read). */
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    /** The request was refused by the server's firewall (an encoded slash, a path parameter, a traversal...). */
    public static final String REQUEST_REJECTED = "request-rejected";

    private Problems() {
    }

    public static ApiException validation(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, VALIDATION, "Invalid request",
                field + ": " + message, Map.of("errors", Map.of(field, message)));
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", what + " '" + id + "' does not exist");
    }
}
