package dev.orderplatform.order.api;

import dev.orderplatform.kit.idempotency.IdempotencyScope;
import dev.orderplatform.kit.idempotency.IdempotentRequests;
import dev.orderplatform.kit.security.AdminCaller;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.order.domain.FlashSale;
import dev.orderplatform.order.flashsale.FlashSales;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Flash sales (API.md): operators create them ({@code POST /admin/flash-sales}, operator role — AdminZoneConfig);
 * anyone reads one ({@code GET /api/flash-sales/{saleId}}).
 */
@RestController
@Validated
public class FlashSaleController {

    static final String CREATE_SCOPE = "flash-sale-create";
    /** A sale of more units than this is a typo, not a flash sale. */
    static final long MAX_UNITS = 1_000_000;
    static final int MAX_PER_USER = 1_000;

    public record CreateFlashSale(
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String sku,
            @NotNull @Positive @Max(MAX_UNITS) Long units,
            @NotNull @PositiveOrZero @Max(Identifiers.MAX_AMOUNT) Long priceCents,
            @NotNull Instant startsAt,
            @NotNull Instant endsAt,
            @NotNull @Positive @Max(MAX_PER_USER) Integer perUserLimit) {
    }

    public record FlashSaleView(String saleId, String sku, long priceCents, Instant startsAt, Instant endsAt,
                                int perUserLimit, long units, long unitsLeft, String status) {

        static FlashSaleView of(FlashSales.Shown shown, Instant now) {
            FlashSale sale = shown.sale();
            return new FlashSaleView(sale.saleId(), sale.sku(), sale.priceCents(), sale.startsAt(), sale.endsAt(),
                    sale.perUserLimit(), sale.units(), shown.unitsLeft(), sale.statusAt(now).name());
        }
    }

    private final FlashSales sales;
    private final IdempotentRequests idempotent;
    private final Clock clock;

    public FlashSaleController(FlashSales sales, IdempotentRequests idempotent, Clock clock) {
        this.sales = sales;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    /**
     * 201 with the sale; 409 {@code insufficient-stock} if the SKU lacks the units. With an {@code Idempotency-Key}
     * (recommended: the units move), a retry answers the same sale instead of setting units aside twice.
     */
    @PostMapping("/admin/flash-sales")
    public ResponseEntity<String> create(
            @RequestHeader(value = "Idempotency-Key", required = false) @Pattern(regexp = Identifiers.IDEMPOTENCY_KEY_PATTERN,
                    message = Identifiers.IDEMPOTENCY_KEY_MESSAGE) String idempotencyKey,
            @Valid @RequestBody CreateFlashSale body) {
        if (!body.endsAt().isAfter(body.startsAt())) {
            throw Problems.validation("endsAt", "must be after startsAt");
        }
        if (body.perUserLimit() > body.units()) {
            throw Problems.validation("perUserLimit", "must not exceed units");
        }
        String operator = AdminCaller.name();
        String key = idempotencyKey != null ? idempotencyKey : "unkeyed-" + UUID.randomUUID();
        FlashSales.Terms terms = new FlashSales.Terms(body.sku(), body.units(), body.priceCents(), body.startsAt(),
                body.endsAt(), body.perUserLimit());
        return idempotent.handle(IdempotencyScope.of(CREATE_SCOPE).by(operator), key, body, Duration.ofMinutes(1),
                saleId -> URI.create("/api/flash-sales/" + saleId),
                (resumedSaleId, attach) -> {
                    FlashSale sale = resumedSaleId != null ? sales.resume(resumedSaleId) : sales.create(terms, operator, attach);
                    FlashSaleView view = FlashSaleView.of(sales.show(sale.saleId()).orElseThrow(), clock.instant());
                    return new IdempotentRequests.Outcome(HttpStatus.CREATED, view, sale.saleId());
                });
    }

    @GetMapping("/api/flash-sales/{saleId}")
    public FlashSaleView get(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String saleId) {
        return sales.show(saleId).map(shown -> FlashSaleView.of(shown, clock.instant()))
                .orElseThrow(() -> Problems.notFound("Flash sale", saleId));
    }
}
