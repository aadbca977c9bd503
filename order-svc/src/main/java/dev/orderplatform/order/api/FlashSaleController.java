package dev.orderplatform.order.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.orderplatform.kit.idempotency.IdempotencyScope;
import dev.orderplatform.kit.idempotency.IdempotentRequests;
import dev.orderplatform.kit.security.AdminCaller;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.order.domain.FlashPurchase;
import dev.orderplatform.order.domain.FlashPurchaseStatus;
import dev.orderplatform.order.domain.FlashSale;
import dev.orderplatform.order.domain.PaymentMethod;
import dev.orderplatform.order.flashsale.FlashPurchases;
import dev.orderplatform.order.flashsale.FlashSales;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Flash sales (docs/api.md): operators create them ({@code POST /admin/flash-sales}, operator role — AdminZoneConfig);
 * anyone reads one ({@code GET /api/flash-sales/{saleId}}), buys in one ({@code POST …/purchases}) and follows a
 * purchase ({@code GET …/purchases/{purchaseId}}).
 */
@RestController
@Validated
@Tag(name = "flash sales", description = "Operators create flash sales; anyone reads one, buys in one and follows a purchase")
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

    /** Body of {@code POST /api/flash-sales/{saleId}/purchases}; {@code redeemPoints} may be omitted (0). */
    public record PurchaseRequest(
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String userId,
            @NotNull @Positive @Max(MAX_PER_USER) Integer quantity,
            @PositiveOrZero @Max(Identifiers.MAX_AMOUNT) Long redeemPoints,
            @NotNull PaymentMethod payment) {
    }

    /** A purchase as its buyer sees it: position while QUEUED, orderId once PAID, reason once FAILED. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PurchaseView(String purchaseId, String saleId, String userId, int quantity, long redeemPoints,
                               String status, Long position, String orderId, String reason, Instant admittedAt,
                               Instant finishedAt) {

        static PurchaseView of(FlashPurchases.Admitted admitted) {
            FlashPurchase purchase = admitted.purchase();
            return new PurchaseView(purchase.purchaseId(), purchase.saleId(), purchase.userId(), purchase.quantity(),
                    purchase.redeemPoints(), purchase.status().name(),
                    purchase.status() == FlashPurchaseStatus.QUEUED ? admitted.position() : null,
                    purchase.status() == FlashPurchaseStatus.PAID ? purchase.orderId() : null,
                    purchase.reason() == null ? null : purchase.reason().name(), purchase.admittedAt(),
                    purchase.finishedAt());
        }
    }

    private final FlashSales sales;
    private final FlashPurchases purchases;
    private final PurchaseEventStreams streams;
    private final IdempotentRequests idempotent;
    private final Clock clock;

    public FlashSaleController(FlashSales sales, FlashPurchases purchases, PurchaseEventStreams streams,
                               IdempotentRequests idempotent, Clock clock) {
        this.sales = sales;
        this.purchases = purchases;
        this.streams = streams;
        this.idempotent = idempotent;
        this.clock = clock;
    }

    /**
     * 201 with the sale; 409 {@code insufficient-stock} if the SKU lacks the units. With an {@code Idempotency-Key}
     * (recommended: the units move), a retry answers the same sale instead of setting units aside twice.
     */
    @PostMapping("/admin/flash-sales")
    @Operation(summary = "Create a flash sale (operator): sets the SKU's units aside for it")
    @ApiResponse(responseCode = "201", description = "The sale, as GET /api/flash-sales/{saleId} shows it; "
            + "Location: /api/flash-sales/{saleId}",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = FlashSaleView.class)))
    @ApiResponse(responseCode = "400", description = "Invalid input (endsAt not after startsAt, perUserLimit above units, …)",
            content = @Content)
    @ApiResponse(responseCode = "401", description = "No token", content = @Content)
    @ApiResponse(responseCode = "403", description = "A token without the operator role", content = @Content)
    @ApiResponse(responseCode = "409", description = "insufficient-stock: the SKU lacks the units; sale-abandoned: a retry under the key "
            + "of a creation that was abandoned; request-in-progress: the same key while the first request is still running",
            content = @Content)
    @ApiResponse(responseCode = "422", description = "idempotency-key-reused: the same key with a different body", content = @Content)
    @ApiResponse(responseCode = "503", description = "inventory-svc could not be reached; the creation is abandoned after 30 s and its "
            + "units given back", content = @Content)
    public ResponseEntity<String> create(
            @Parameter(description = "Optional, recommended (units move): 1–128 visible ASCII characters; a retry with the same key "
                    + "and body answers the same sale instead of setting units aside twice")
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
    @Operation(summary = "A flash sale, with the units left")
    @ApiResponse(responseCode = "200", description = "The sale; status SCHEDULED, OPEN or ENDED (from the clock)")
    @ApiResponse(responseCode = "400", description = "Not a valid sale id", content = @Content)
    @ApiResponse(responseCode = "404", description = "Unknown sale", content = @Content)
    public FlashSaleView get(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String saleId) {
        return sales.show(saleId).map(shown -> FlashSaleView.of(shown, clock.instant()))
                .orElseThrow(() -> Problems.notFound("Flash sale", saleId));
    }

    /**
     * Admission: 202 with the purchase QUEUED and its position, within milliseconds; refusals at once (409
     * {@code sold-out} / {@code limit-reached} / {@code sale-not-open}, 410 {@code sale-ended}, 404 unknown sale).
     * The same Idempotency-Key answers the same purchase (in whatever status it has reached).
     */
    @PostMapping("/api/flash-sales/{saleId}/purchases")
    @Operation(summary = "Buy in a flash sale: admission now, the wallet order is made later")
    @ApiResponse(responseCode = "202", description = "Admitted: the purchase QUEUED with its position; "
            + "Location: /api/flash-sales/{saleId}/purchases/{purchaseId}")
    @ApiResponse(responseCode = "400", description = "Invalid input (only WALLET is accepted)", content = @Content)
    @ApiResponse(responseCode = "404", description = "Unknown sale", content = @Content)
    @ApiResponse(responseCode = "409", description = "sold-out: no units left; limit-reached: over the per-user limit; "
            + "sale-not-open: not started", content = @Content)
    @ApiResponse(responseCode = "410", description = "sale-ended: the sale has ended", content = @Content)
    @ApiResponse(responseCode = "422", description = "idempotency-key-reused: the same key with another body", content = @Content)
    @ApiResponse(responseCode = "503", description = "service-unavailable: Redis cannot be reached, or the broker cannot take the "
            + "message (Retry-After); retry with the same key", content = @Content)
    public ResponseEntity<PurchaseView> purchase(
            @PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String saleId,
            @Parameter(description = "1–128 visible ASCII characters; the same key answers the same purchase, in whatever status "
                    + "it has reached, and never buys twice")
            @RequestHeader("Idempotency-Key") @Pattern(regexp = Identifiers.IDEMPOTENCY_KEY_PATTERN,
                    message = Identifiers.IDEMPOTENCY_KEY_MESSAGE) String idempotencyKey,
            @Valid @RequestBody PurchaseRequest body) {
        if (body.payment() != PaymentMethod.WALLET) {
            throw Problems.validation("payment", "a flash sale is paid from the wallet: must be WALLET");
        }
        FlashPurchases.Admitted admitted = purchases.admit(saleId, idempotencyKey,
                new FlashPurchases.Wanted(body.userId(), body.quantity(), body.redeemPoints() == null ? 0 : body.redeemPoints()));
        return ResponseEntity.accepted()
                .location(URI.create("/api/flash-sales/" + saleId + "/purchases/" + admitted.purchase().purchaseId()))
                .body(PurchaseView.of(admitted));
    }

    @GetMapping("/api/flash-sales/{saleId}/purchases/{purchaseId}")
    @Operation(summary = "A flash-sale purchase")
    @ApiResponse(responseCode = "200", description = "The purchase: QUEUED (with position), then PAID (with orderId) or FAILED "
            + "(with reason)")
    @ApiResponse(responseCode = "400", description = "Not a valid sale or purchase id", content = @Content)
    @ApiResponse(responseCode = "404", description = "Unknown purchase, or a purchase of another sale", content = @Content)
    public PurchaseView purchase(
            @PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String saleId,
            @PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String purchaseId) {
        return purchases.show(saleId, purchaseId).map(PurchaseView::of)
                .orElseThrow(() -> Problems.notFound("Purchase", purchaseId));
    }

    /**
     * The purchase as a stream (docs/api.md), by the order stream's rules: the snapshot first (so a purchase that finished
     * before the subscription is seen), then its finish, after which the stream ends; with {@code Last-Event-ID}
     * only what is newer, and 204 once the client has the final version. Clients without SSE poll the purchase.
     */
    @GetMapping(path = "/api/flash-sales/{saleId}/purchases/{purchaseId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "The purchase's status as a server-sent event stream, by the order stream's rules")
    @ApiResponse(responseCode = "200", description = "The stream: event purchase (id 1 while queued, 2 once finished), the snapshot "
            + "first; it ends when the purchase is finished", content = @Content(mediaType = "text/event-stream"))
    @ApiResponse(responseCode = "204", description = "The client already has the final version")
    @ApiResponse(responseCode = "400", description = "A bad Last-Event-ID, or an invalid id", content = @Content)
    @ApiResponse(responseCode = "404", description = "Unknown purchase, or a purchase of another sale", content = @Content)
    @ApiResponse(responseCode = "429", description = "More than 8 open streams of this purchase, or 20 of this user's purchases "
            + "(Retry-After)", content = @Content)
    @ApiResponse(responseCode = "503", description = "More than 2,000 open purchase streams on this instance (Retry-After)",
            content = @Content)
    public void purchaseEvents(
            @PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String saleId,
            @PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String purchaseId,
            @Parameter(description = "Resume: only versions above this one are sent (a non-negative integer)")
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
            HttpServletRequest request, HttpServletResponse response) throws IOException {
        long after = LastEventId.parse(lastEventId, "a purchase version (a non-negative integer)");
        FlashPurchases.Admitted admitted = purchases.show(saleId, purchaseId)
                .orElseThrow(() -> Problems.notFound("Purchase", purchaseId));
        streams.open(admitted, after, request, response);
    }
}
