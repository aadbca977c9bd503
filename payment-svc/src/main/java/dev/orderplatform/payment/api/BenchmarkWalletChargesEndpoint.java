package dev.orderplatform.payment.api;

import dev.orderplatform.kit.benchmark.BenchmarkFlow;
import dev.orderplatform.kit.benchmark.BenchmarkWrites;
import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.FreezeFunds;
import dev.orderplatform.kit.contract.ParticipantContracts.FrozenFunds;
import dev.orderplatform.payment.domain.PaymentStatus;
import dev.orderplatform.payment.tcc.WalletPayments;
import jakarta.validation.Valid;
import java.time.Clock;
import java.time.Instant;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark only ({@code ./stack up --bench}): charges an order to a wallet in one local transaction — the
 * writes of freeze-wallet-funds' Try followed by its Confirm, through the same {@link WalletPayments} — for the
 * benchmark's "baseline" and "at" flows. Absent from every shipped configuration.
 */
@RestController
@ConditionalOnProperty("platform.benchmark.enabled")
public class BenchmarkWalletChargesEndpoint {

    private final WalletPayments walletPayments;
    private final BenchmarkWrites writes;
    private final Clock clock;

    public BenchmarkWalletChargesEndpoint(WalletPayments walletPayments, BenchmarkWrites writes, Clock clock) {
        this.walletPayments = walletPayments;
        this.writes = writes;
        this.clock = clock;
    }

    @PostMapping(ParticipantContracts.BENCHMARK_WALLET_CHARGES)
    public FrozenFunds charge(@RequestHeader(value = BenchmarkFlow.HEADER, required = false) String flow,
                              @Valid @RequestBody FreezeFunds request) {
        return writes.run(flow, request.orderId(), xid -> {
            Instant now = clock.instant();
            String paymentId = walletPayments.freeze(xid, 0, request.orderId(), request.userId(), request.amountCents(), now);
            walletPayments.settle(xid, 0, request.orderId(), PaymentStatus.SUCCEEDED, now);
            return new FrozenFunds(paymentId);
        });
    }
}
