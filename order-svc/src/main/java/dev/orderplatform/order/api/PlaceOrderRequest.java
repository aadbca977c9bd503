package dev.orderplatform.order.api;

import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.order.domain.PaymentMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code POST /api/orders} (docs/api.md). {@code redeemPoints} may be omitted (0). */
public record PlaceOrderRequest(
        @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String userId,
        @NotEmpty @Size(max = Identifiers.MAX_LINE_ITEMS, message = "must have 1 to 50 items") List<@Valid @NotNull Item> items,
        @PositiveOrZero @Max(Identifiers.MAX_AMOUNT) Long redeemPoints,
        @NotNull PaymentMethod payment) {

    public record Item(
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String sku,
            @NotNull @Positive @Max(Identifiers.MAX_AMOUNT) Long quantity) {
    }

    public long pointsRequested() {
        return redeemPoints == null ? 0 : redeemPoints;
    }
}
