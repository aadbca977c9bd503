package dev.orderplatform.order.tcc;

import dev.orderplatform.kit.contract.ParticipantContracts.FreezeFunds;
import dev.orderplatform.kit.contract.ParticipantContracts.FreezePoints;
import dev.orderplatform.kit.contract.ParticipantContracts.PricedLine;
import dev.orderplatform.kit.contract.ParticipantContracts.ReserveStock;
import java.util.List;

/**
 * What a checkout asks of each participant before it decides: take the stock (which prices the lines), take the
 * money, take the redeemed points. Shipped, each step is a TCC Try ({@link TccCheckoutSteps}); the benchmark
 * swaps in other ways of doing the same work to compare their cost ({@link BenchmarkCheckouts}).
 */
public interface CheckoutSteps {

    /** Takes (or reserves) the stock and answers the unit price of each line. */
    List<PricedLine> reserveStock(ReserveStock command);

    /** Takes (or freezes) the money; answers the payment id, or null when this checkout leaves money out. */
    String takeFunds(FreezeFunds command);

    /** Takes (or freezes) the redeemed points and records the points earned. */
    void takePoints(FreezePoints command);
}
