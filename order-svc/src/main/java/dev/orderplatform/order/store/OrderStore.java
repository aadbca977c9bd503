package dev.orderplatform.order.store;

import dev.orderplatform.order.domain.CheckoutPricing;
import dev.orderplatform.order.domain.Order;
import dev.orderplatform.order.domain.OrderLine;
import dev.orderplatform.order.domain.OrderStatus;
import dev.orderplatform.order.domain.PaymentMethod;
import dev.orderplatform.order.domain.RejectionReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Orders in MySQL. Each method is one local transaction (none of them joins a global transaction). */
@Component
public class OrderStore {

    private final OrderMapper orders;
    private final OrderItemMapper items;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    public OrderStore(OrderMapper orders, OrderItemMapper items, Clock clock, ApplicationEventPublisher events) {
        this.orders = orders;
        this.items = items;
        this.clock = clock;
        this.events = events;
    }

    @Transactional
    public void insert(Order order) {
        orders.insert(toRow(order));
        int lineNo = 0;
        for (OrderLine line : order.lines()) {
            OrderItemRow item = new OrderItemRow();
            item.orderId = order.orderId();
            item.lineNo = ++lineNo;
            item.sku = line.sku();
            item.quantity = line.quantity();
            item.unitPriceCents = line.unitPriceCents();
            items.insert(item);
        }
    }

    public Optional<Order> find(String orderId) {
        OrderRow row = orders.selectById(orderId);
        return row == null ? Optional.empty() : Optional.of(toOrder(row, items.findByOrder(orderId)));
    }

    /**
     * Pending orders paid in {@code method} whose last change is older than {@code updatedBefore} and whose deadline
     * is after {@code deadlineAfter} (older ones are the straggler job's), oldest first.
     */
    public List<Order> findPending(PaymentMethod method, Instant updatedBefore, Instant deadlineAfter, int limit) {
        return orders.findPending(method.name(), updatedBefore, deadlineAfter, limit).stream()
                .map(row -> toOrder(row, items.findByOrder(row.orderId)))
                .toList();
    }

    /** Records an approved order's prices, pricing, payment and XID, before its commit is requested. */
    @Transactional
    public void approve(Order order) {
        CheckoutPricing pricing = order.pricing();
        int changed = orders.approve(order.orderId(), order.xid(), order.paymentId(), pricing.amountCents(),
                pricing.pointsRedeemed(), pricing.amountPaidCents(), pricing.pointsEarned(), clock.instant());
        if (changed != 1) {
            throw new IllegalStateException("order " + order.orderId() + " is no longer pending");
        }
        savePrices(order);
    }

    /**
     * Records a terminal status reached from {@code previousVersion} (and, if {@code order} has no XID, only while the
     * stored order has none either). {@code false} if the order had already moved on (another decider was first, or
     * the checkout approved it meanwhile); the caller then reads what it became.
     */
    @Transactional
    public boolean finish(Order order, long previousVersion) {
        if (!order.isTerminal()) {
            throw new IllegalArgumentException("finish records terminal statuses only");
        }
        int changed = orders.finish(order.orderId(), order.status().name(),
                order.reason() == null ? null : order.reason().name(),
                order.pricing() == null ? null : order.pricing().amountCents(), previousVersion, order.xid(), order.updatedAt());
        if (changed == 1 && order.xid() == null && order.pricing() != null) {
            savePrices(order); // rejected after pricing: keep what the lines cost
        }
        if (changed == 1) {
            events.publishEvent(new OrderStatusChanged(order.orderId(), order.version()));
            events.publishEvent(new OrderFinished(order.orderId(), order.paymentMethod(), order.status(), order.reason()));
        }
        return changed == 1;
    }

    /** External checkout: the opening saga's XID; false if the order is no longer pending. */
    public boolean recordSaga(String orderId, String xid) {
        return orders.recordSaga(orderId, xid) == 1;
    }

    /** External checkout: the priced lines and what the order costs. */
    @Transactional
    public void recordPricing(Order priced) {
        CheckoutPricing pricing = priced.pricing();
        if (orders.recordPricing(priced.orderId(), pricing.amountCents(), pricing.pointsRedeemed(), pricing.amountPaidCents(),
                pricing.pointsEarned(), clock.instant()) != 1) {
            throw new IllegalStateException("order " + priced.orderId() + " is no longer pending");
        }
        savePrices(priced);
    }

    /** External checkout: the payment the provider collects (a repeat is fine; another payment is not). */
    public void recordPayment(String orderId, String paymentId) {
        if (orders.recordPayment(orderId, paymentId) != 1) {
            throw new IllegalStateException("order " + orderId + " already has another payment than " + paymentId);
        }
    }

    /**
     * External checkout: claims how the pending order closes ({@code PAID}, {@code EXPIRED} or a rejection
     * reason). {@code true} only for the first claim; later ones read {@link #closingOf}.
     */
    public boolean claimClosing(String orderId, String closing) {
        return orders.claimClosing(orderId, closing, clock.instant()) == 1;
    }

    /**
     * The right to start the order's settlement saga for {@code lease}: false while another caller holds it. (Seata's
     * engine begins the saga's global transaction before its duplicate-key check, so two starts would leave one
     * global transaction at the TC for ever.)
     */
    public boolean claimSettleStart(String orderId, Duration lease) {
        Instant now = clock.instant();
        return orders.claimSettleStart(orderId, now, now.plus(lease)) == 1;
    }

    /** How the order is closing, or null if nothing has claimed it. */
    public String closingOf(String orderId) {
        return orders.closingOf(orderId);
    }

    public List<String> findExpired(Instant now, int limit) {
        return orders.findExpired(now, limit);
    }

    /** Claimed external orders unchanged since {@code before}, deadline after {@code deadlineAfter}. */
    public List<String> findClaimedExpiries(Instant deadlineAfter, int limit) {
        return orders.findClaimedExpiries(deadlineAfter, limit);
    }

    public List<String> findStalledClosings(Instant before, Instant deadlineAfter, int limit) {
        return orders.findStalledClosings(before, deadlineAfter, limit);
    }

    private void savePrices(Order order) {
        for (OrderLine line : order.lines()) {
            if (line.unitPriceCents() != null) {
                items.setPrice(order.orderId(), line.sku(), line.unitPriceCents());
            }
        }
    }

    private static OrderRow toRow(Order order) {
        OrderRow row = new OrderRow();
        row.orderId = order.orderId();
        row.userId = order.userId();
        row.status = order.status().name();
        row.reason = order.reason() == null ? null : order.reason().name();
        row.paymentMethod = order.paymentMethod().name();
        row.pointsRequested = order.pointsRequested();
        row.deadline = order.deadline();
        row.payBefore = order.payBefore();
        row.createdAt = order.createdAt();
        row.updatedAt = order.updatedAt();
        row.version = order.version();
        return row;
    }

    private static Order toOrder(OrderRow row, List<OrderItemRow> itemRows) {
        List<OrderLine> lines = new ArrayList<>();
        for (OrderItemRow item : itemRows) {
            lines.add(new OrderLine(item.sku, item.quantity, item.unitPriceCents));
        }
        CheckoutPricing pricing = row.amountCents == null ? null : row.pointsRedeemed == null
                ? new CheckoutPricing(row.amountCents, 0, 0, 0)
                : new CheckoutPricing(row.amountCents, row.pointsRedeemed, row.amountPaidCents, row.pointsEarned);
        return new Order(row.orderId, row.userId, OrderStatus.valueOf(row.status),
                row.reason == null ? null : RejectionReason.valueOf(row.reason),
                PaymentMethod.valueOf(row.paymentMethod), lines, row.pointsRequested, pricing, row.paymentId, row.xid,
                row.deadline, row.createdAt, row.updatedAt, row.version);
    }
}
