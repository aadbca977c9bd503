package dev.orderplatform.order.tcc;

import dev.orderplatform.kit.contract.ParticipantContracts.FreezeFunds;
import dev.orderplatform.kit.contract.ParticipantContracts.FreezePoints;
import dev.orderplatform.kit.contract.ParticipantContracts.PricedLine;
import dev.orderplatform.kit.contract.ParticipantContracts.ReserveStock;
import dev.orderplatform.kit.contract.ParticipantContracts.StockLine;
import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.tracing.TransactionTraceTags;
import dev.orderplatform.order.domain.CheckoutPricing;
import dev.orderplatform.order.domain.GlobalOutcome;
import dev.orderplatform.order.domain.Order;
import dev.orderplatform.order.domain.OrderLine;
import dev.orderplatform.order.domain.RejectionReason;
import dev.orderplatform.order.store.OrderStore;
import io.seata.core.context.RootContext;
import io.seata.core.exception.TmTransactionException;
import io.seata.core.exception.TransactionException;
import io.seata.core.exception.TransactionExceptionCode;
import io.seata.tm.api.TransactionalExecutor;
import io.seata.tm.api.TransactionalTemplate;
import io.seata.tm.api.transaction.Propagation;
import io.seata.tm.api.transaction.TransactionInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Wallet checkout as one Seata TCC global transaction; order-svc is its transaction manager.
 *
 * <ol>
 *   <li>begin the global transaction (deadline = now + timeout, sent to every participant);</li>
 *   <li>Try: reserve the stock (which prices the lines), freeze the money, freeze the redeemed points;</li>
 *   <li>record the pricing, the payment and the XID on the order (so an outcome can be recovered);</li>
 *   <li>commit — the TC confirms every branch — and mark the order PAID; if anything refused or failed,
 *       roll back — the TC cancels every branch — and mark it REJECTED with the reason.</li>
 * </ol>
 *
 * <p>Seata's {@link TransactionalTemplate} is used directly rather than {@code @GlobalTransactional}: it
 * reports how the transaction ended as an explicit code (rolled back, commit failed, could not begin),
 * where the annotation in Seata 2.0.0 rethrows everything wrapped in
 * {@code RuntimeException("try to proceed invocation error")} and leaves the caller to guess.
 */
@Component
public class WalletCheckout {

    private static final Logger log = LoggerFactory.getLogger(WalletCheckout.class);

    /**
     * Test-only fault points: the global transaction not begun yet (a slow start: the TC's timeout runs from begin,
     * the order's deadline from placement) / every Try done, the order not yet approved / the XID is recorded and the
     * commit not yet requested / the commit was decided.
     */
    static final String BEFORE_BEGIN = "wallet-checkout/BEFORE_BEGIN";
    static final String BEFORE_APPROVE = "wallet-checkout/BEFORE_APPROVE";
    static final String BEFORE_COMMIT = "wallet-checkout/BEFORE_COMMIT";
    static final String AFTER_COMMIT = "wallet-checkout/AFTER_COMMIT";

    private final TransactionalTemplate template = new TransactionalTemplate();
    private final TccCheckoutSteps tccSteps;
    private final OrderStore orders;
    private final Clock clock;
    private final Duration timeout;
    private final FaultHooks faults;
    private final PendingCheckoutRecovery recovery;
    private final TransactionTraceTags traceTags;

    public WalletCheckout(TccCheckoutSteps tccSteps, OrderStore orders, Clock clock,
                          @Value("${platform.tcc.global-timeout}") Duration timeout, FaultHooks faults,
                          PendingCheckoutRecovery recovery, TransactionTraceTags traceTags) {
        this.recovery = recovery;
        this.traceTags = traceTags;
        this.tccSteps = tccSteps;
        this.orders = orders;
        this.clock = clock;
        this.timeout = timeout;
        this.faults = faults;
    }

    /** The deadline a checkout starting now must meet. */
    public Instant deadlineFrom(Instant now) {
        return now.plus(timeout);
    }

    /**
     * Runs the checkout of a freshly stored pending order and records its outcome. Returns the order as it
     * ended: PAID, REJECTED, or — only when the commit's outcome could not be learned — still pending.
     */
    public Order run(Order pending) {
        return run(pending, tccSteps, null);
    }

    /** The checkout of a flash-sale purchase: the same, with the stock taken from the sale's units. */
    public Order runForSale(Order pending, String saleId) {
        return run(pending, tccSteps, saleId);
    }

    /** The checkout with other steps inside the same global transaction (the benchmark's variants). */
    Order run(Order pending, CheckoutSteps steps) {
        return run(pending, steps, null);
    }

    private Order run(Order pending, CheckoutSteps steps, String saleId) {
        AtomicReference<Order> progress = new AtomicReference<>(pending);
        CheckoutTransaction checkout = new CheckoutTransaction(progress, steps, saleId);
        try {
            faults.at(BEFORE_BEGIN);
            template.execute(checkout);
            faults.at(AFTER_COMMIT);
            return finish(progress.get().paid(clock.instant()), pending.version());
        } catch (TransactionalExecutor.ExecutionException e) {
            return switch (e.getCode()) {
                case RollbackDone, Rollbacking, RollbackFailure, BeginFailure -> {
                    Throwable cause = e.getOriginalException() != null ? e.getOriginalException() : e.getCause();
                    yield finish(progress.get().rejected(reasonFor(cause, pending), clock.instant()), pending.version());
                }
                default -> settledFromTheRecord(progress.get(), pending.version(), e);
            };
        } catch (RuntimeException unreachable) {
            if (!checkout.began) {
                // Seata 2.0.0 throws FrameworkException("No available service") straight out of begin when no
                // TC is reachable: no global transaction exists and no Try ran, so nothing can be reserved
                log.warn("Checkout of {} could not begin: {}", pending.orderId(), unreachable.toString());
                return finish(pending.rejected(RejectionReason.UNAVAILABLE, clock.instant()), pending.version());
            }
            log.error("Checkout of {} lost the TC after it began; order left pending", pending.orderId(), unreachable);
            return progress.get();
        } catch (Throwable unexpected) {
            log.error("Checkout of {} failed unexpectedly; order left pending", pending.orderId(), unexpected);
            return progress.get();
        }
    }

    /**
     * The commit was requested but its answer was lost. Seen with Seata 2.0's database store: while the commit request
     * still waits on a branch whose participant died (up to the TC's 15-s RPC timeout), the TC's recovery may take the
     * session as dead ({@code retry-dead-threshold} after begin), finish it through another instance and forget it;
     * the waiting request then fails, and the TM's retry of the commit hears {@code Finished}. The record (the TC,
     * else the payment it settled — {@link PendingCheckoutRecovery#outcomeOf}) usually knows the outcome by then, so
     * the client gets it now; when it does not, the order stays pending and recovery settles it later.
     */
    private Order settledFromTheRecord(Order approved, long previousVersion, TransactionalExecutor.ExecutionException lost) {
        if (approved.xid() != null) {
            try {
                GlobalOutcome outcome = recovery.outcomeOf(approved, clock.instant());
                if (outcome != GlobalOutcome.UNDECIDED) {
                    log.warn("Checkout of {} ended {}: the answer to its commit was lost; the record says {}",
                            approved.orderId(), lost.getCode(), outcome);
                    return finish(approved.settledBy(outcome, clock.instant()), previousVersion);
                }
            } catch (RuntimeException | TransactionException unreadable) {
                log.warn("Checkout of {}: the record of its transaction cannot be read yet: {}", approved.orderId(), unreadable.toString());
            }
        }
        log.warn("Checkout of {} ended {}: outcome unknown, order left pending", approved.orderId(), lost.getCode(), lost);
        return approved;
    }

    private Order finish(Order finished, long previousVersion) {
        if (orders.finish(finished, previousVersion)) {
            return finished;
        }
        return orders.find(finished.orderId()).orElseThrow(); // someone else recorded the outcome first
    }

    /**
     * Benchmark "baseline" only: the same steps with no global transaction, so nothing taken is given back if a
     * later step refuses — the cost floor the benchmark compares against, never a way to check out.
     */
    Order runWithoutGlobalTransaction(Order pending, CheckoutSteps steps) {
        AtomicReference<Order> progress = new AtomicReference<>(pending);
        try {
            Order approved = takeEverything(pending, steps, null, "baseline:" + pending.orderId(), progress);
            return finish(approved.paid(clock.instant()), pending.version());
        } catch (RuntimeException refusedOrFailed) {
            return finish(progress.get().rejected(reasonFor(refusedOrFailed, pending), clock.instant()), pending.version());
        }
    }

    /**
     * Runs the steps in order, pricing the order from the stock step, and records the approved order. With a
     * {@code saleId}, the stock comes from that flash sale's units, at its price.
     */
    private Order takeEverything(Order order, CheckoutSteps steps, String saleId, String xid, AtomicReference<Order> progress) {
        List<StockLine> wanted = order.lines().stream().map(line -> new StockLine(line.sku(), line.quantity())).toList();
        List<PricedLine> reserved = steps.reserveStock(new ReserveStock(order.orderId(), wanted, saleId));
        List<OrderLine> pricedLines = priced(order.lines(), reserved);
        Order priced = order.priced(pricedLines, CheckoutPricing.of(pricedLines, order.pointsRequested()));
        progress.set(priced);

        String paymentId = steps.takeFunds(new FreezeFunds(order.orderId(), order.userId(), priced.pricing().amountPaidCents()));
        steps.takePoints(new FreezePoints(order.orderId(), order.userId(), priced.pricing().pointsRedeemed(),
                priced.pricing().pointsEarned()));

        Order approved = priced.approved(xid, paymentId);
        faults.at(BEFORE_APPROVE);
        orders.approve(approved); // only while the order is still pending: else this fails and the transaction rolls back
        progress.set(approved);
        return approved;
    }

    private static List<OrderLine> priced(List<OrderLine> lines, List<PricedLine> reserved) {
        Map<String, Long> prices = reserved.stream().collect(Collectors.toMap(PricedLine::sku, PricedLine::unitPriceCents));
        return lines.stream().map(line -> line.priced(prices.get(line.sku()))).toList();
    }

    private RejectionReason reasonFor(Throwable cause, Order pending) {
        if (cause instanceof ParticipantRefusedException refused) {
            return switch (refused.reason()) {
                case INSUFFICIENT_STOCK -> RejectionReason.INSUFFICIENT_STOCK;
                case INSUFFICIENT_FUNDS -> RejectionReason.INSUFFICIENT_FUNDS;
                case INSUFFICIENT_POINTS -> RejectionReason.INSUFFICIENT_POINTS;
                case UNKNOWN_SKU -> RejectionReason.UNKNOWN_SKU;
                case DEADLINE_EXCEEDED, BRANCH_ALREADY_FINISHED -> RejectionReason.TIMEOUT;
            };
        }
        if (cause instanceof CheckoutPricing.AmountLimitExceeded) {
            return RejectionReason.AMOUNT_LIMIT_EXCEEDED;
        }
        if ((cause instanceof TmTransactionException tm && tm.getCode() == TransactionExceptionCode.TransactionTimeout)
                || !clock.instant().isBefore(pending.deadline())) {
            return RejectionReason.TIMEOUT;
        }
        log.warn("Checkout of {} rolled back: a participant or the TC could not be reached", pending.orderId(), cause);
        return RejectionReason.UNAVAILABLE;
    }

    /** The business part of the global transaction: the steps (the three Tries), then the approval record. */
    private final class CheckoutTransaction implements TransactionalExecutor {

        private final AtomicReference<Order> progress;
        private final CheckoutSteps steps;
        private final String saleId;
        /** Set once Seata has begun the global transaction and handed control to the Tries. */
        private volatile boolean began;

        CheckoutTransaction(AtomicReference<Order> progress, CheckoutSteps steps, String saleId) {
            this.progress = progress;
            this.steps = steps;
            this.saleId = saleId;
        }

        @Override
        public Object execute() {
            began = true;
            Order order = progress.get();
            traceTags.tagCurrentSpan(TransactionTraceTags.XID, RootContext.getXID());
            traceTags.tagCurrentSpan(TransactionTraceTags.ORDER_ID, order.orderId());
            return GlobalDeadline.runWith(order.deadline(), () -> {
                Order approved = takeEverything(order, steps, saleId, RootContext.getXID(), progress);
                // inside the transaction: the line carries the XID (and the trace id) for whoever follows the order
                log.info("Checkout of {} approved: {} cents from the wallet, {} points redeemed; committing", approved.orderId(),
                        approved.pricing().amountPaidCents(), approved.pricing().pointsRedeemed());
                faults.at(BEFORE_COMMIT);
                return approved;
            });
        }

        @Override
        public TransactionInfo getTransactionInfo() {
            TransactionInfo info = new TransactionInfo();
            info.setName("wallet-checkout");
            info.setTimeOut((int) timeout.toMillis());
            info.setPropagation(Propagation.REQUIRED);
            return info;
        }
    }

}
