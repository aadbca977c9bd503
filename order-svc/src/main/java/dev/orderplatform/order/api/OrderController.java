package dev.orderplatform.order.api;

import dev.orderplatform.kit.benchmark.BenchmarkFlow;
import dev.orderplatform.kit.idempotency.IdempotencyScope;
import dev.orderplatform.kit.idempotency.IdempotentRequests;
import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.order.domain.Order;
import dev.orderplatform.order.domain.OrderLine;
import dev.orderplatform.order.domain.PaymentMethod;
import dev.orderplatform.order.store.OrderStore;
import dev.orderplatform.order.saga.ExternalCheckout;
import dev.orderplatform.order.tcc.BenchmarkCheckouts;
import dev.orderplatform.order.tcc.WalletCheckout;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Public order API (docs/api.md, order-svc). */
@RestController
@RequestMapping("/api/orders")
@Tag(name = "orders", description = "Placing an order (wallet or external payment) and following its status")
public class OrderController {

    /**
     * Placing an order is public (no authenticated caller) and the user is named in the body, which the key's
     * fingerprint covers: the same key with another user's order is answered 422, never that user's order.
     */
    static final String PLACE_SCOPE = "POST /api/orders";

    private final OrderStore orders;
    private final WalletCheckout walletCheckout;
    private final ExternalCheckout externalCheckout;
    private final OrderEventStreams streams;
    private final Duration paymentWindow;
    private final ObjectProvider<BenchmarkCheckouts> benchmarkCheckouts;
    private final IdempotentRequests idempotent;
    private final PerUserOrderRateLimit rateLimit;
    private final Clock clock;
    private final Duration idempotencyLease;

    public OrderController(OrderStore orders, WalletCheckout walletCheckout, ExternalCheckout externalCheckout,
                           OrderEventStreams streams, ObjectProvider<BenchmarkCheckouts> benchmarkCheckouts, IdempotentRequests idempotent,
                           PerUserOrderRateLimit rateLimit, Clock clock,
                           @Value("${platform.checkout.idempotency-lease}") Duration idempotencyLease,
                           @Value("${platform.external-checkout.payment-window}") Duration paymentWindow) {
        this.orders = orders;
        this.walletCheckout = walletCheckout;
        this.externalCheckout = externalCheckout;
        this.streams = streams;
        this.paymentWindow = paymentWindow;
        this.benchmarkCheckouts = benchmarkCheckouts;
        this.idempotent = idempotent;
        this.rateLimit = rateLimit;
        this.clock = clock;
        this.idempotencyLease = idempotencyLease;
    }

    /**
     * Places an order. WALLET: runs the TCC checkout and answers 201 with the order PAID or REJECTED (202 and
     * PENDING_PAYMENT only if the commit's outcome could not be learned). EXTERNAL: runs the opening saga and
     * answers 202 with the order PENDING_PAYMENT, its paymentId and payBefore (201 REJECTED if a step refused).
     * Under the Idempotency-Key protocol.
     * {@code X-Benchmark-Flow} picks another checkout flow, on a stack started with {@code --bench} only.
     */
    @PostMapping
    @Operation(summary = "Place an order: WALLET pays from the wallet at once (TCC), EXTERNAL through the payment provider (saga)")
    @ApiResponse(responseCode = "201", description = "WALLET: the order PAID, or REJECTED with its reason; EXTERNAL: the order REJECTED "
            + "(a saga step refused)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
    @ApiResponse(responseCode = "202", description = "EXTERNAL accepted: the order PENDING_PAYMENT with paymentId and payBefore "
            + "(WALLET: the commit's outcome is not known yet)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
    @ApiResponse(responseCode = "400", description = "Invalid input; or X-Benchmark-Flow on a stack not started with --bench, or on an "
            + "EXTERNAL order. Nothing stored", content = @Content)
    @ApiResponse(responseCode = "409", description = "request-in-progress: the same key while the first request is still running "
            + "(Retry-After)", content = @Content)
    @ApiResponse(responseCode = "422", description = "idempotency-key-reused: the same key with a different body", content = @Content)
    @ApiResponse(responseCode = "429", description = "Too many requests for this user (Retry-After)", content = @Content)
    @ApiResponse(responseCode = "503", description = "service-unavailable: a store the service needs is down (Retry-After: 2); "
            + "retry with the same key", content = @Content)
    public ResponseEntity<String> place(
            @Parameter(description = "1–128 visible ASCII characters; the same key and body replays the first answer "
                    + "(Idempotent-Replayed: true) for 24 h")
            @RequestHeader("Idempotency-Key") @Pattern(regexp = Identifiers.IDEMPOTENCY_KEY_PATTERN,
                    message = Identifiers.IDEMPOTENCY_KEY_MESSAGE) String idempotencyKey,
            @Parameter(description = "Benchmarks only: another checkout flow for a WALLET order; refused (400) unless the stack "
                    + "was started with --bench")
            @RequestHeader(value = BenchmarkFlow.HEADER, required = false) String benchmarkFlow,
            @Valid @RequestBody PlaceOrderRequest request) {
        requireDistinctSkus(request.items());
        BenchmarkFlow flow = benchmarkFlow == null ? BenchmarkFlow.TCC : benchmarkFlowOf(benchmarkFlow);
        if (request.payment() == PaymentMethod.EXTERNAL && benchmarkFlow != null) {
            throw Problems.validation(BenchmarkFlow.HEADER, "applies to WALLET checkouts only");
        }
        rateLimit.admit(request.userId());
        return idempotent.handle(IdempotencyScope.of(PLACE_SCOPE), idempotencyKey, request, idempotencyLease,
                orderId -> URI.create("/api/orders/" + orderId),
                (resumedOrderId, attach) -> {
                    Order outcome = resumedOrderId != null ? resume(resumedOrderId)
                            : request.payment() == PaymentMethod.EXTERNAL ? placeExternal(request, attach::accept)
                            : placeWallet(request, flow, attach::accept);
                    HttpStatus status = outcome.isTerminal() ? HttpStatus.CREATED : HttpStatus.ACCEPTED;
                    return new IdempotentRequests.Outcome(status, OrderView.of(outcome), outcome.orderId());
                });
    }

    @GetMapping("/{orderId}")
    @Operation(summary = "The order (clients without SSE poll this)")
    @ApiResponse(responseCode = "200", description = "The order body")
    @ApiResponse(responseCode = "400", description = "The id is not a valid id", content = @Content)
    @ApiResponse(responseCode = "404", description = "Unknown order", content = @Content)
    public OrderView get(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId) {
        return orders.find(orderId).map(OrderView::of).orElseThrow(() -> Problems.notFound("Order", orderId));
    }

    /**
     * The order's status as a stream (docs/api.md): the current snapshot first (so a completion that happened before
     * the subscription is seen), then one event per new version, ending after a terminal status; with
     * {@code Last-Event-ID}, only versions above it — and 204 once the client has the final version of a finished
     * order, so that a browser stops reconnecting. Clients without SSE poll {@code GET /api/orders/{id}}.
     */
    @GetMapping(path = "/{orderId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "The order's status as a server-sent event stream: the current snapshot, then every status change")
    @ApiResponse(responseCode = "200", description = "The stream: event order (data: the order body, id: its version), first the "
            + "current snapshot, then one per status change; it ends after a terminal status",
            content = @Content(mediaType = "text/event-stream"))
    @ApiResponse(responseCode = "204", description = "The Last-Event-ID is already the final version of a finished order")
    @ApiResponse(responseCode = "400", description = "A Last-Event-ID that is not a non-negative integer, or an invalid order id",
            content = @Content)
    @ApiResponse(responseCode = "404", description = "Unknown order, before any stream starts", content = @Content)
    @ApiResponse(responseCode = "429", description = "More than 8 open streams of this order, or 20 of this user's orders "
            + "(Retry-After)", content = @Content)
    @ApiResponse(responseCode = "503", description = "More than 2,000 open streams on this instance (Retry-After)", content = @Content)
    public void events(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String orderId,
                       @Parameter(description = "Resume: only versions above this one are sent (a non-negative integer)")
                       @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                       HttpServletRequest request, HttpServletResponse response) throws IOException {
        long after = LastEventId.parse(lastEventId, "an order version (a non-negative integer)");
        Order order = orders.find(orderId).orElseThrow(() -> Problems.notFound("Order", orderId));
        streams.open(order, after, request, response);
    }

    private Order placeWallet(PlaceOrderRequest request, BenchmarkFlow flow, Consumer<String> attach) {
        Instant now = clock.instant();
        List<OrderLine> lines = request.items().stream().map(item -> new OrderLine(item.sku(), item.quantity(), null)).toList();
        Order order = Order.place(Identifiers.newId("ord"), request.userId(), lines, request.pointsRequested(),
                PaymentMethod.WALLET, now, walletCheckout.deadlineFrom(now));
        orders.insert(order);
        attach.accept(order.orderId());
        return flow == BenchmarkFlow.TCC ? walletCheckout.run(order) : benchmarkCheckouts.getObject().run(flow, order);
    }

    /**
     * EXTERNAL: stores the order pending and runs the opening saga (stock, points, payment at the provider).
     * Answers the order pending with its paymentId and payBefore (202), or REJECTED if a step refused (201).
     */
    private Order placeExternal(PlaceOrderRequest request, Consumer<String> attach) {
        Instant now = clock.instant();
        List<OrderLine> lines = request.items().stream().map(item -> new OrderLine(item.sku(), item.quantity(), null)).toList();
        Order order = Order.place(Identifiers.newId("ord"), request.userId(), lines, request.pointsRequested(),
                PaymentMethod.EXTERNAL, now, now.plus(paymentWindow));
        orders.insert(order);
        attach.accept(order.orderId());
        return externalCheckout.start(order);
    }

    /** Benchmark only: the flow a request asks for — refused (400, nothing written) unless the stack runs with --bench. */
    private BenchmarkFlow benchmarkFlowOf(String header) {
        if (benchmarkCheckouts.getIfAvailable() == null) {
            throw Problems.validation(BenchmarkFlow.HEADER, "is accepted only by a stack started for benchmarks (./stack up --bench)");
        }
        return BenchmarkFlow.fromHeader(header);
    }

    /**
     * A retry that took over an expired first attempt (its process died): answer from the order the first
     * attempt created, once it has reached its outcome (for EXTERNAL: once its payment is open); never run the
     * checkout a second time.
     */
    private Order resume(String orderId) {
        Order order = orders.find(orderId).orElseThrow(() -> new IllegalStateException("order " + orderId + " vanished"));
        boolean answered = order.isTerminal() || (order.paymentMethod() == PaymentMethod.EXTERNAL && order.paymentId() != null);
        if (!answered) {
            throw new ApiException(HttpStatus.CONFLICT, Problems.REQUEST_IN_PROGRESS, "Request in progress",
                    "The order " + orderId + " of this Idempotency-Key is still being settled; retry later.",
                    Map.of(), Map.of("Retry-After", "5"));
        }
        return order;
    }

    private static void requireDistinctSkus(List<PlaceOrderRequest.Item> items) {
        Set<String> seen = new HashSet<>();
        for (PlaceOrderRequest.Item item : items) {
            if (!seen.add(item.sku())) {
                throw Problems.validation("items", "each sku may appear only once; combine the quantities");
            }
        }
    }
}
