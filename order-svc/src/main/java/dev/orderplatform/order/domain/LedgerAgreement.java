package dev.orderplatform.order.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the participants' ledgers must hold for a finished order (docs/architecture.md, "nothing lost"), and where they do not:
 * a PAID order has exactly its quantities sold, nothing still reserved, one payment of the amount paid that
 * succeeded, and its points freeze redeemed once; a REJECTED or EXPIRED order has nothing reserved or sold, no
 * money taken that was not refunded, and no points frozen or redeemed.
 * Each drift carries the evidence and the compensation it calls for. Plain rules over plain values: the ledgers
 * are read elsewhere.
 */
public final class LedgerAgreement {

    /** A finished order as order-svc recorded it: its status, units per SKU and the amount paid (cents). */
    public record FinishedOrder(String orderId, OrderStatus status, Map<String, Long> unitsBySku, long amountPaidCents) {
    }

    /**
     * One line of a participant's ledger: stock (key = SKU, amount = units), payment (key = payment id, cents) or
     * points (key = user, amount = points redeemed).
     */
    public record LedgerLine(String participant, String what, String key, String status, long amount) {
    }

    /** Compensations a drift can call for; a person decides whether to carry them out. */
    public enum Proposal {
        /** Stock still reserved for a finished order: release it (cancel the branch). */
        RELEASE_STOCK,
        /** Stock sold for an order that is not paid: put it back (restock) after checking with the customer. */
        RETURN_SOLD_STOCK,
        /** Money taken for an order that is not paid: refund it. */
        REFUND_PAYMENT,
        /** Points still frozen for a finished order that is not paid: release them (cancel the branch). */
        RELEASE_POINTS,
        /** Points redeemed (and earned) for an order that is not paid: give them back, take the earned ones. */
        RETURN_POINTS,
        /** A paid order whose stock or money is missing or different: a person must look (force-cancel or fix). */
        REVIEW_PAID_ORDER
    }

    public record Drift(String orderId, String participant, String key, String found, String evidence, Proposal proposal) {
    }

    /**
     * Ledger statuses only a TCC Confirm writes — stock sold, money captured (and perhaps refunded since), points
     * redeemed: a line in one of them means the order's global transaction committed.
     */
    private static final Set<String> CONFIRMED_STATUSES = Set.of("CONFIRMED", "SUCCEEDED", "REFUNDED", "COMMITTED");

    private LedgerAgreement() {
    }

    /** A line of a wallet order's ledgers that only a Confirm writes, if there is one: its transaction committed. */
    public static Optional<LedgerLine> confirmedLine(List<LedgerLine> lines) {
        return lines.stream().filter(line -> CONFIRMED_STATUSES.contains(line.status())).findFirst();
    }

    public static List<Drift> drifts(FinishedOrder order, List<LedgerLine> lines) {
        List<Drift> drifts = new ArrayList<>();
        stock(order, lines.stream().filter(l -> "stock".equals(l.what())).toList(), drifts);
        money(order, lines.stream().filter(l -> "payment".equals(l.what())).toList(), drifts);
        points(order, lines.stream().filter(l -> "points".equals(l.what())).toList(), drifts);
        return drifts;
    }

    /**
     * Every order freezes points once (what it redeems; what it earns is credited on confirm). The freeze lives in a
     * fence record that is cleaned after its horizon, so an order with no points line says nothing.
     */
    private static void points(FinishedOrder order, List<LedgerLine> lines, List<Drift> drifts) {
        if (lines.isEmpty()) {
            return;
        }
        String evidence = "order " + order.status() + "; points-svc freezes "
                + lines.stream().map(l -> l.key() + " " + l.status() + " redeem " + l.amount()).collect(Collectors.joining(", ", "[", "]"));
        long tried = lines.stream().filter(l -> "TRIED".equals(l.status())).count();
        long committed = lines.stream().filter(l -> "COMMITTED".equals(l.status())).count();
        String user = lines.get(0).key();
        boolean paid = order.status() == OrderStatus.PAID;
        if (tried > 0) {
            drifts.add(new Drift(order.orderId(), "points-svc", user, "points still frozen for a " + order.status() + " order",
                    evidence, paid ? Proposal.REVIEW_PAID_ORDER : Proposal.RELEASE_POINTS));
        }
        if (paid && committed != 1) {
            drifts.add(new Drift(order.orderId(), "points-svc", user, "paid order has " + committed + " redeemed points freezes",
                    evidence, Proposal.REVIEW_PAID_ORDER));
        } else if (!paid && committed > 0) {
            drifts.add(new Drift(order.orderId(), "points-svc", user, "points redeemed for a " + order.status() + " order",
                    evidence, Proposal.RETURN_POINTS));
        }
    }

    private static void stock(FinishedOrder order, List<LedgerLine> lines, List<Drift> drifts) {
        Map<String, Map<String, Long>> bySku = new TreeMap<>();
        order.unitsBySku().keySet().forEach(sku -> bySku.put(sku, new TreeMap<>()));
        for (LedgerLine line : lines) {
            bySku.computeIfAbsent(line.key(), sku -> new TreeMap<>()).merge(line.status(), line.amount(), Long::sum);
        }
        bySku.forEach((sku, units) -> {
            long ordered = order.unitsBySku().getOrDefault(sku, 0L);
            long reserved = units.getOrDefault("RESERVED", 0L);
            long sold = units.getOrDefault("CONFIRMED", 0L);
            String evidence = "order " + order.status() + " with " + ordered + " × " + sku + "; inventory-svc reservations " + units;
            if (reserved > 0) {
                drifts.add(new Drift(order.orderId(), "inventory-svc", sku, reserved + " × " + sku + " still reserved for a "
                        + order.status() + " order", evidence, Proposal.RELEASE_STOCK));
            }
            if (order.status() == OrderStatus.PAID && sold != ordered) {
                drifts.add(new Drift(order.orderId(), "inventory-svc", sku, "paid order bought " + ordered + " × " + sku
                        + " but inventory sold " + sold, evidence, Proposal.REVIEW_PAID_ORDER));
            } else if (order.status() != OrderStatus.PAID && sold > 0) {
                drifts.add(new Drift(order.orderId(), "inventory-svc", sku, sold + " × " + sku + " sold for a "
                        + order.status() + " order", evidence, Proposal.RETURN_SOLD_STOCK));
            }
        });
    }

    private static void money(FinishedOrder order, List<LedgerLine> lines, List<Drift> drifts) {
        List<LedgerLine> taken = lines.stream().filter(l -> "SUCCEEDED".equals(l.status())).toList();
        String evidence = "order " + order.status() + " paid " + order.amountPaidCents() + " cents; payment-svc "
                + lines.stream().map(l -> l.key() + " " + l.status() + " " + l.amount()).collect(Collectors.joining(", ", "[", "]"));
        if (order.status() == OrderStatus.PAID) {
            boolean charged = taken.size() == 1 && taken.get(0).amount() == order.amountPaidCents();
            if (!charged) {
                drifts.add(new Drift(order.orderId(), "payment-svc", taken.isEmpty() ? "-" : taken.get(0).key(),
                        "paid order of " + order.amountPaidCents() + " cents has " + taken.size() + " captured payment(s)",
                        evidence, Proposal.REVIEW_PAID_ORDER));
            }
        } else {
            taken.forEach(payment -> drifts.add(new Drift(order.orderId(), "payment-svc", payment.key(), payment.amount()
                    + " cents taken for a " + order.status() + " order and not refunded", evidence, Proposal.REFUND_PAYMENT)));
        }
    }
}
