package dev.orderplatform.order.saga;

import dev.orderplatform.kit.contract.ParticipantContracts.FreezePoints;
import dev.orderplatform.kit.contract.ParticipantContracts.OpenPayment;
import dev.orderplatform.kit.contract.ParticipantContracts.OrderOfUser;
import dev.orderplatform.kit.contract.ParticipantContracts.PricedLine;
import dev.orderplatform.kit.contract.ParticipantContracts.ReserveStock;
import dev.orderplatform.kit.contract.ParticipantContracts.StockLine;
import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.tcc.RefusalReason;
import dev.orderplatform.order.domain.CheckoutPricing;
import dev.orderplatform.order.domain.Order;
import dev.orderplatform.order.domain.OrderLine;
import dev.orderplatform.order.domain.RejectionReason;
import dev.orderplatform.order.store.OrderStore;
import io.seata.core.context.RootContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of saga {@code externalCheckout} (saga-definitions/external_checkout.json), read top to bottom as
 * the definition runs them, each followed by its compensation. Every method takes only the order id and reads
 * the rest from the order (a crashed saga is replayed without its start parameters in Seata 2.0.0), and every
 * one is idempotent: the engine repeats a step it is unsure of, and compensates steps that may never have run.
 */
@Component("externalCheckoutSteps")
public class ExternalCheckoutSteps {

    private static final Logger log = LoggerFactory.getLogger(ExternalCheckoutSteps.class);

    /** Test-only fault point: inside the saga, after the stock is reserved and before the points are frozen. */
    public static final String AFTER_RESERVE = "external-checkout/AFTER_RESERVE";

    private final OrderStore orders;
    private final SagaParticipants.Inventory inventory;
    private final SagaParticipants.Points points;
    private final SagaParticipants.Payment payment;
    private final Clock clock;
    private final FaultHooks faults;

    public ExternalCheckoutSteps(OrderStore orders, SagaParticipants.Inventory inventory, SagaParticipants.Points points,
                                 SagaParticipants.Payment payment, Clock clock, FaultHooks faults) {
        this.orders = orders;
        this.inventory = inventory;
        this.points = points;
        this.payment = payment;
        this.clock = clock;
        this.faults = faults;
    }

    /** RegisterOrder: the pending order joins the saga — its XID is recorded, linking order and saga log. */
    public void registerOrder(String orderId) {
        String xid = RootContext.getXID();
        if (xid == null || !orders.recordSaga(orderId, xid)) {
            throw new IllegalStateException("order " + orderId + " cannot join saga " + xid + " (not pending, or another saga's)");
        }
    }

    /** ReserveStock: inventory reserves every line and prices it; the order records what it costs. */
    public void reserveStock(String orderId) {
        Order order = pending(orderId);
        List<StockLine> wanted = order.lines().stream().map(line -> new StockLine(line.sku(), line.quantity())).toList();
        List<PricedLine> reserved = refusalsNoted(orderId, () -> SagaCalls.call("reserve stock", order.deadline(),
                () -> inventory.reserve(new ReserveStock(orderId, wanted)).lines()));
        Map<String, Long> prices = reserved.stream().collect(Collectors.toMap(PricedLine::sku, PricedLine::unitPriceCents));
        List<OrderLine> pricedLines = order.lines().stream().map(line -> line.priced(prices.get(line.sku()))).toList();
        CheckoutPricing pricing;
        try {
            pricing = CheckoutPricing.of(pricedLines, order.pointsRequested());
        } catch (CheckoutPricing.AmountLimitExceeded tooMuch) {
            orders.claimClosing(orderId, RejectionReason.AMOUNT_LIMIT_EXCEEDED.name());
            throw new StepRefusedException(null, "order " + orderId + " exceeds the amount limit");
        }
        orders.recordPricing(order.priced(pricedLines, pricing));
        faults.at(AFTER_RESERVE);
    }

    /** FreezePoints: points-svc sets aside the points the order redeems (and notes those it will earn). */
    public void freezePoints(String orderId) {
        Order order = pending(orderId);
        CheckoutPricing pricing = priced(order);
        refusalsNoted(orderId, () -> SagaCalls.call("freeze points", order.deadline(), () -> points.freeze(
                new FreezePoints(orderId, order.userId(), pricing.pointsRedeemed(), pricing.pointsEarned()))));
    }

    /** OpenPayment: payment-svc opens the payment at the provider, payable until payBefore. */
    public void openPayment(String orderId) {
        Order order = pending(orderId);
        CheckoutPricing pricing = priced(order);
        String paymentId = refusalsNoted(orderId, () -> SagaCalls.call("open payment", order.deadline(), () -> payment.open(
                new OpenPayment(orderId, order.userId(), pricing.amountPaidCents(), order.payBefore())).paymentId()));
        orders.recordPayment(orderId, paymentId);
    }

    /**
     * Compensation of RegisterOrder, run last: the order ends as it was claimed to close — EXPIRED, or REJECTED
     * with the refusal's reason or PAYMENT_FAILED — or, if nothing claimed it (a participant could not be
     * reached, or the saga timed out after a crash), REJECTED for TIMEOUT. An order already ended stays as it is.
     */
    public void closeOrder(String orderId) {
        Order order = orders.find(orderId).orElseThrow(() -> new IllegalStateException("order " + orderId + " vanished"));
        if (order.isTerminal() || !mayRelease(orderId)) {
            return;
        }
        String closing = orders.closingOf(orderId);
        Order closed = OrderClosing.EXPIRED.equals(closing)
                ? order.expired(clock.instant())
                : order.rejected(RejectionReason.valueOf(closing), clock.instant());
        if (!orders.finish(closed, order.version())) {
            log.info("Order {} was ended by someone else while closing", orderId);
        }
    }

    /** Compensation of ReserveStock: the stock is available again (a release with nothing reserved is recorded). */
    public void releaseStock(String orderId) {
        Order order = existing(orderId);
        if (!mayRelease(orderId)) {
            return;
        }
        SagaCalls.run("release stock", null, () -> inventory.release(new OrderOfUser(orderId, order.userId())));
    }

    /** Compensation of FreezePoints: the frozen points are back in the balance. */
    public void unfreezePoints(String orderId) {
        Order order = existing(orderId);
        if (!mayRelease(orderId)) {
            return;
        }
        SagaCalls.run("unfreeze points", null, () -> points.release(new OrderOfUser(orderId, order.userId())));
    }

    /** Compensation of OpenPayment: the payment is cancelled at the provider (a later success is refunded). */
    public void cancelPayment(String orderId) {
        Order order = existing(orderId);
        if (!mayRelease(orderId)) {
            return;
        }
        SagaCalls.run("cancel payment", null, () -> payment.cancel(new OrderOfUser(orderId, order.userId())));
    }

    /**
     * Before anything is undone, the order is claimed as closing (TIMEOUT, if no refusal, failure or expiry
     * claimed it first), so a success reported from now on is refunded instead of settled. If it was claimed
     * PAID, the customer paid and settlement owns the holds: nothing is released (false).
     */
    private boolean mayRelease(String orderId) {
        orders.claimClosing(orderId, RejectionReason.TIMEOUT.name());
        if (OrderClosing.PAID.equals(orders.closingOf(orderId))) {
            log.warn("Order {} was paid while its checkout saga compensated; its holds are left to settlement", orderId);
            return false;
        }
        return true;
    }

    /** Runs a participant call; a refusal is first noted as how the order closes, then sent on to the engine. */
    private <T> T refusalsNoted(String orderId, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StepRefusedException refused) {
            orders.claimClosing(orderId, rejectionFor(refused.reason()).name());
            throw refused;
        }
    }

    private static RejectionReason rejectionFor(RefusalReason reason) {
        if (reason == null) {
            return RejectionReason.UNAVAILABLE;
        }
        return switch (reason) {
            case INSUFFICIENT_STOCK -> RejectionReason.INSUFFICIENT_STOCK;
            case INSUFFICIENT_FUNDS -> RejectionReason.INSUFFICIENT_FUNDS;
            case INSUFFICIENT_POINTS -> RejectionReason.INSUFFICIENT_POINTS;
            case UNKNOWN_SKU -> RejectionReason.UNKNOWN_SKU;
            case DEADLINE_EXCEEDED, BRANCH_ALREADY_FINISHED -> RejectionReason.TIMEOUT;
        };
    }

    private Order existing(String orderId) {
        return orders.find(orderId).orElseThrow(() -> new IllegalStateException("order " + orderId + " vanished"));
    }

    private Order pending(String orderId) {
        Order order = existing(orderId);
        if (order.isTerminal() || orders.closingOf(orderId) != null) {
            throw new StepRefusedException(RefusalReason.BRANCH_ALREADY_FINISHED, "order " + orderId + " is already closing");
        }
        return order;
    }

    private static CheckoutPricing priced(Order order) {
        if (order.pricing() == null) {
            throw new IllegalStateException("order " + order.orderId() + " was not priced");
        }
        return order.pricing();
    }
}
