package dev.orderplatform.inventory.api;

import dev.orderplatform.inventory.domain.ReservationStatus;
import dev.orderplatform.inventory.tcc.StockReservations;
import dev.orderplatform.kit.benchmark.BenchmarkFlow;
import dev.orderplatform.kit.benchmark.BenchmarkWrites;
import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.ReserveStock;
import dev.orderplatform.kit.contract.ParticipantContracts.ReservedStock;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark only ({@code ./stack up --bench}): sells the stock of an order in one local transaction — the writes
 * of reserve-stock's Try followed by its Confirm, through the same {@link StockReservations} — for the
 * benchmark's "baseline" and "at" flows. Absent from every shipped configuration.
 */
@RestController
@ConditionalOnProperty("platform.benchmark.enabled")
public class BenchmarkStockSalesEndpoint {

    private final StockReservations reservations;
    private final BenchmarkWrites writes;
    private final Clock clock;

    public BenchmarkStockSalesEndpoint(StockReservations reservations, BenchmarkWrites writes, Clock clock) {
        this.reservations = reservations;
        this.writes = writes;
        this.clock = clock;
    }

    @PostMapping(ParticipantContracts.BENCHMARK_STOCK_SALES)
    public ReservedStock sell(@RequestHeader(value = BenchmarkFlow.HEADER, required = false) String flow,
                              @Valid @RequestBody ReserveStock request) {
        return writes.run(flow, request.orderId(), xid -> {
            Instant now = clock.instant();
            ReservedStock sold = new ReservedStock(reservations.reserve(xid, 0, request.orderId(), request.lines(), now));
            reservations.settle(xid, 0, request.orderId(), ReservationStatus.CONFIRMED, now);
            return sold;
        });
    }
}
