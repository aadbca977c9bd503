package dev.orderplatform.kit.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.orderplatform.kit.web.Identifiers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/**
 * The internal TCC contract between the initiator (order-svc) and the participants: the Try endpoints, their
 * bodies and answers. Written once and used by both sides, so they cannot drift apart. Every Try is called
 * inside a Seata global transaction (XID header) with the {@code Tx-Deadline} header; a refusal is answered
 * 409 {@code participant-refused} with a {@code reason}.
 */
public final class ParticipantContracts {

    public static final String STOCK_RESERVATIONS = "/internal/tcc/stock-reservations";
    /** {@code PUT …/{saleId}} sets units aside (idempotent), {@code GET …/{saleId}}, {@code POST …/{saleId}/close}. */
    public static final String SALE_ALLOCATIONS = "/internal/sale-allocations";
    public static final String WALLET_FREEZES = "/internal/tcc/wallet-freezes";
    public static final String POINT_FREEZES = "/internal/tcc/point-freezes";

    /*
     * Benchmark only (./stack up --bench): each participant's whole part of a checkout in one call and one local
     * transaction — the Try's writes followed by the Confirm's — for the "baseline" and "at" flows. Same
     * request and answer bodies as the Tries; the flow comes in the X-Benchmark-Flow header.
     */
    public static final String BENCHMARK_STOCK_SALES = "/internal/benchmark/stock-sales";
    public static final String BENCHMARK_WALLET_CHARGES = "/internal/benchmark/wallet-charges";
    public static final String BENCHMARK_POINT_REDEMPTIONS = "/internal/benchmark/point-redemptions";

    /*
     * External checkout (saga). Each participant's saga steps are keyed by the order (platform-kit's SagaBranch),
     * idempotent, and called without a Seata XID; the reservations carry the Tx-Deadline header (the order's
     * payBefore). A refusal is answered 409 participant-refused, as for the Tries.
     */
    public static final String SAGA_STOCK_RESERVATIONS = "/internal/saga/stock-reservations";
    public static final String SAGA_STOCK_RELEASES = "/internal/saga/stock-releases";
    public static final String SAGA_STOCK_SALES = "/internal/saga/stock-sales";
    public static final String SAGA_POINT_FREEZES = "/internal/saga/point-freezes";
    public static final String SAGA_POINT_RELEASES = "/internal/saga/point-releases";
    public static final String SAGA_POINT_REDEMPTIONS = "/internal/saga/point-redemptions";
    public static final String SAGA_PAYMENTS = "/internal/saga/payments";
    public static final String SAGA_PAYMENT_CANCELLATIONS = "/internal/saga/payment-cancellations";
    /** order-svc's decision that a payment which succeeded for an order that did not take it is given back. */
    public static final String PAYMENT_REFUNDS = "/internal/payments/refunds";
    /** payment-svc tells order-svc how a payment ended (from a provider callback); 2xx once order-svc acted on it. */
    public static final String ORDER_PAYMENT_EVENTS = "/internal/orders/payment-events";

    private ParticipantContracts() {
    }

    /** A saga step or compensation about one order of one user (the user locates the participant's records). */
    public record OrderOfUser(
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId,
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String userId) {
    }

    /** Saga step {@code open-payment}: a payment at the provider for the order, payable until {@code payBefore}. */
    public record OpenPayment(
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId,
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String userId,
            @NotNull @PositiveOrZero @Max(Identifiers.MAX_AMOUNT) Long amountCents,
            @NotNull Instant payBefore) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record OpenedPayment(String paymentId) {
    }

    /** Give back the money of a payment that succeeded for an order that did not take it (expired or rejected). */
    public record RefundPayment(
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId,
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String paymentId) {
    }

    /**
     * How an external payment ended, as the provider reported it: {@code SUCCEEDED} or {@code FAILED}.
     * {@code arrivedAt}: when the report that moved the payment there reached payment-svc (docs/api.md: a payment counts
     * only if it arrived before the order's payBefore); null when the payment got there through an earlier report.
     */
    public record PaymentEvent(
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId,
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String paymentId,
            @NotNull @Pattern(regexp = "SUCCEEDED|FAILED", message = "must be SUCCEEDED or FAILED") String status,
            Instant arrivedAt) {
    }

    public record StockLine(
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String sku,
            @NotNull @Positive @Max(Identifiers.MAX_AMOUNT) Long quantity) {
    }

    /**
     * Try of {@code reserve-stock}: hold these quantities for the order — from the SKU's ordinary stock, or, for a
     * flash-sale purchase, from the units set aside for sale {@code saleId} (at the sale's price).
     */
    public record ReserveStock(
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId,
            @NotEmpty @Size(max = Identifiers.MAX_LINE_ITEMS) List<@Valid @NotNull StockLine> lines,
            @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String saleId) {

        public ReserveStock(String orderId, List<StockLine> lines) {
            this(orderId, lines, null);
        }
    }

    /** Sets {@code units} of a SKU aside for a flash sale (order-svc to inventory-svc, {@link #SALE_ALLOCATIONS}). */
    public record AllocateSaleUnits(
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String sku,
            @NotNull @Positive @Max(Identifiers.MAX_AMOUNT) Long units,
            @NotNull @PositiveOrZero @Max(Identifiers.MAX_AMOUNT) Long priceCents) {
    }

    /** Where a sale's units are: {@code units = remaining + reserved + sold + returned}; status OPEN or CLOSED. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SaleUnits(String saleId, String sku, long priceCents, long units, long remaining, long reserved,
                            long sold, long returned, String status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PricedLine(String sku, long quantity, long unitPriceCents) {
    }

    /** Answer to {@link ReserveStock}: the reserved lines with the unit price they were reserved at. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReservedStock(List<PricedLine> lines) {
    }

    /** Try of {@code freeze-wallet-funds}: set aside money from the user's wallet for the order. */
    public record FreezeFunds(
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId,
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String userId,
            @NotNull @PositiveOrZero @Max(Identifiers.MAX_AMOUNT) Long amountCents) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FrozenFunds(String paymentId) {
    }

    /**
     * Try of {@code freeze-points}: set aside the points the order redeems; on Confirm they are spent and the
     * points the order earns are credited, in the same atomic step (so an order earns exactly once).
     */
    public record FreezePoints(
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId,
            @NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String userId,
            @NotNull @PositiveOrZero @Max(Identifiers.MAX_AMOUNT) Long redeemPoints,
            @NotNull @PositiveOrZero @Max(Identifiers.MAX_AMOUNT) Long earnPoints) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FrozenPoints(String userId, long redeemPoints, long earnPoints) {
    }
}
