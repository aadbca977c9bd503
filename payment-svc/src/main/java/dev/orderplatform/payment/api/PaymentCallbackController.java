package dev.orderplatform.payment.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.payment.callbacks.PaymentCallbackInbox;
import dev.orderplatform.payment.callbacks.PaymentCallbackProcessor;
import dev.orderplatform.payment.callbacks.ProviderCallback;
import dev.orderplatform.payment.domain.PaymentCallbackVerifier;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/payments/callback} (docs/api.md): the payment provider's signed report of how a payment ended.
 * The signature is checked over the raw bytes before anything is parsed or stored; a valid event is stored in
 * the inbox and answered 200 at once, its effect follows asynchronously ({@link PaymentCallbackProcessor}).
 */
@RestController
@Tag(name = "payment provider callbacks", description = "The payment provider's signed reports of how external payments ended")
public class PaymentCallbackController {

    public static final String SIGNATURE_HEADER = "Payment-Signature";

    private final PaymentCallbackVerifier verifier;
    private final PaymentCallbackInbox inbox;
    private final PaymentCallbackProcessor processor;
    private final ObjectMapper json;
    private final Validator validator;

    public PaymentCallbackController(PaymentCallbackVerifier verifier, PaymentCallbackInbox inbox,
                                     PaymentCallbackProcessor processor, ObjectMapper json, Validator validator) {
        this.verifier = verifier;
        this.inbox = inbox;
        this.processor = processor;
        this.json = json;
        this.validator = validator;
    }

    public record Acknowledgement(String eventId, String receipt) {
    }

    @PostMapping(path = "/api/payments/callback", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The payment provider's signed report of how a payment ended (called by the provider)")
    @ApiResponse(responseCode = "200", description = "Stored (or already stored): {eventId, receipt}, receipt ACCEPTED or DUPLICATE")
    @ApiResponse(responseCode = "400", description = "A correctly signed body that is not the documented JSON; nothing stored",
            content = @Content)
    @ApiResponse(responseCode = "401", description = "unauthorized: bad, missing or stale signature; nothing recorded", content = @Content)
    @ApiResponse(responseCode = "413", description = "A body over 16 KB", content = @Content)
    @ApiResponse(responseCode = "422", description = "callback-mismatch: unknown payment id or another amount; recorded for operators",
            content = @Content)
    public Acknowledgement callback(@Parameter(description = "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + \".\" + raw body)>; "
                                            + "t within 5 minutes of now; several v1= are accepted (secret rollover)")
                                    @RequestHeader(value = SIGNATURE_HEADER, required = false) String signature,
                                    @RequestBody(required = false) byte[] rawBody) {
        byte[] body = rawBody == null ? new byte[0] : rawBody;
        PaymentCallbackVerifier.Verdict verdict = verifier.verify(signature, body);
        if (verdict != PaymentCallbackVerifier.Verdict.VALID) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "Callback not authenticated",
                    "The " + SIGNATURE_HEADER + " header is " + describe(verdict) + "; nothing was recorded.");
        }
        ProviderCallback callback = parse(body);
        String raw = new String(body, StandardCharsets.UTF_8);
        PaymentCallbackInbox.Receipt receipt = inbox.receive(callback, raw);
        if (receipt == PaymentCallbackInbox.Receipt.MISMATCHED) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, Problems.CALLBACK_MISMATCH, "Callback does not match the payment",
                    inbox.mismatch(callback) + "; recorded for operators, nothing changed.");
        }
        if (receipt == PaymentCallbackInbox.Receipt.ACCEPTED) {
            processor.processSoon(callback.eventId());
        }
        return new Acknowledgement(callback.eventId(), receipt.name());
    }

    private ProviderCallback parse(byte[] body) {
        ProviderCallback callback;
        try {
            callback = json.readValue(body, ProviderCallback.class);
        } catch (IOException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST, "Malformed callback",
                    "The callback body is not the documented JSON event.");
        }
        if (callback == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, Problems.MALFORMED_REQUEST, "Malformed callback", "The callback body is empty.");
        }
        Set<ConstraintViolation<ProviderCallback>> violations = validator.validate(callback);
        if (!violations.isEmpty()) {
            Map<String, Object> errors = new TreeMap<>();
            violations.forEach(v -> errors.put(v.getPropertyPath().toString(), v.getMessage()));
            throw new ApiException(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid callback",
                    "The callback body has invalid fields.", Map.of("errors", errors));
        }
        return callback;
    }

    private static String describe(PaymentCallbackVerifier.Verdict verdict) {
        return switch (verdict) {
            case MISSING -> "missing";
            case MALFORMED -> "malformed";
            case STALE -> "outside the 5-minute window";
            case MISMATCH -> "not a valid signature of this body";
            case VALID -> "valid";
        };
    }
}
