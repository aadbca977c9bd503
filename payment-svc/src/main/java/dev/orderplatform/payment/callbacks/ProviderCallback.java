package dev.orderplatform.payment.callbacks;

import dev.orderplatform.kit.web.Identifiers;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/** The body of a provider callback (docs/api.md): one event in the life of a payment at the provider. */
public record ProviderCallback(
        @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String eventId,
        @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String paymentId,
        @NotNull @Pattern(regexp = "SUCCEEDED|FAILED", message = "must be SUCCEEDED or FAILED") String status,
        @NotNull @PositiveOrZero @Max(Identifiers.MAX_AMOUNT) Long amountCents,
        @NotNull Instant occurredAt) {
}
