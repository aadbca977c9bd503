package dev.orderplatform.order.tcc;

import dev.orderplatform.kit.benchmark.BenchmarkFlow;
import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.FreezeFunds;
import dev.orderplatform.kit.contract.ParticipantContracts.FreezePoints;
import dev.orderplatform.kit.contract.ParticipantContracts.FrozenFunds;
import dev.orderplatform.kit.contract.ParticipantContracts.FrozenPoints;
import dev.orderplatform.kit.contract.ParticipantContracts.PricedLine;
import dev.orderplatform.kit.contract.ParticipantContracts.ReserveStock;
import dev.orderplatform.kit.contract.ParticipantContracts.ReservedStock;
import dev.orderplatform.order.domain.Order;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * Benchmark only ({@code ./stack up --bench}, {@code platform.benchmark.enabled}; absent from every shipped
 * configuration): runs a wallet checkout the way a {@link BenchmarkFlow} says, so the benchmark can compare, on
 * the same stack and the same data, what the shipped TCC checkout costs against
 * <ul>
 *   <li>{@code baseline} — the same calls and writes with no global transaction (nothing is given back if a step
 *       refuses: the cost floor, not a way to check out);</li>
 *   <li>{@code at} — stock and money under Seata AT (one write each, undo logs, global locks), points on TCC;</li>
 *   <li>{@code tcc-1}, {@code tcc-2} — TCC with only the stock participant, then stock and money.</li>
 * </ul>
 * Every flow records the order exactly like the shipped one.
 */
@Component
@ConditionalOnProperty("platform.benchmark.enabled")
public class BenchmarkCheckouts {

    /** Each participant's whole part of a checkout in one call (see ParticipantContracts.BENCHMARK_*). */
    @FeignClient(name = "inventory-svc", contextId = "inventoryBenchmark")
    public interface StockSales {
        @PostMapping(ParticipantContracts.BENCHMARK_STOCK_SALES)
        ReservedStock sell(@RequestHeader(BenchmarkFlow.HEADER) String flow, @RequestBody ReserveStock command);
    }

    @FeignClient(name = "payment-svc", contextId = "paymentBenchmark")
    public interface WalletCharges {
        @PostMapping(ParticipantContracts.BENCHMARK_WALLET_CHARGES)
        FrozenFunds charge(@RequestHeader(BenchmarkFlow.HEADER) String flow, @RequestBody FreezeFunds command);
    }

    @FeignClient(name = "points-svc", contextId = "pointsBenchmark")
    public interface PointRedemptions {
        @PostMapping(ParticipantContracts.BENCHMARK_POINT_REDEMPTIONS)
        FrozenPoints redeem(@RequestHeader(BenchmarkFlow.HEADER) String flow, @RequestBody FreezePoints command);
    }

    private final WalletCheckout checkout;
    private final CheckoutSteps baseline;
    private final CheckoutSteps at;
    private final CheckoutSteps stockOnly;
    private final CheckoutSteps stockAndMoney;

    public BenchmarkCheckouts(WalletCheckout checkout, TccCheckoutSteps tcc, StockSales stock, WalletCharges wallet,
                              PointRedemptions points) {
        this.checkout = checkout;
        this.baseline = steps(command -> stock.sell(BenchmarkFlow.BASELINE.label(), command).lines(),
                command -> wallet.charge(BenchmarkFlow.BASELINE.label(), command).paymentId(),
                command -> points.redeem(BenchmarkFlow.BASELINE.label(), command));
        this.at = steps(command -> stock.sell(BenchmarkFlow.AT.label(), command).lines(),
                command -> wallet.charge(BenchmarkFlow.AT.label(), command).paymentId(),
                tcc::takePoints);
        this.stockOnly = steps(tcc::reserveStock, command -> null, command -> { });
        this.stockAndMoney = steps(tcc::reserveStock, tcc::takeFunds, command -> { });
    }

    /** Checks out a freshly stored pending order with {@code flow}; answers the order as it ended. */
    public Order run(BenchmarkFlow flow, Order pending) {
        return switch (flow) {
            case TCC -> checkout.run(pending);
            case TCC_1 -> checkout.run(pending, stockOnly);
            case TCC_2 -> checkout.run(pending, stockAndMoney);
            case AT -> checkout.run(pending, at);
            case BASELINE -> checkout.runWithoutGlobalTransaction(pending, baseline);
        };
    }

    private static CheckoutSteps steps(Function<ReserveStock, List<PricedLine>> stock,
                                       Function<FreezeFunds, String> money,
                                       Consumer<FreezePoints> points) {
        return new CheckoutSteps() {
            @Override
            public List<PricedLine> reserveStock(ReserveStock command) {
                return stock.apply(command);
            }

            @Override
            public String takeFunds(FreezeFunds command) {
                return money.apply(command);
            }

            @Override
            public void takePoints(FreezePoints command) {
                points.accept(command);
            }
        };
    }
}
