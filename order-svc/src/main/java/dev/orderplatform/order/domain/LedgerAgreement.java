package dev.orderplatform.order.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the participants' ledgers must hold for a finished order (DESIGN.md, "nothing lost"), and where they do not:
 * a PAID order has exactly its quantities sold, nothing still reserved, and one payment of the amount paid that
 * succeeded; a REJECTED or EXPIRED order has nothing reserved or sold and no money taken that was not refunded.
 * Each drift carries the evidence and the compensation it calls for. Plain rules over plain values: the ledgers
 * are read elsewhere.
 */
public final class LedgerAgreement {

    /** A finished order as order-svc recorded it: its status, units per SKU and the amount paid (cents). */
    public record FinishedOrder(String orderId, OrderStatus status, Map<String, Long> unitsBySku, long amountPaidCents) {
    }

    /** One line of a participant's ledger: stock (key = SKU, amount = units) or payment (key = payment id, cents). */
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
        /** A paid order whose stock or money is missing or different: a person must look (force-cancel or fix). */
        REVIEW_PAID_ORDER
    }

    public record Drift(String orderId, String participant, String key, String found, String evidence, Proposal proposal) {
    }

    private LedgerAgreement() {
    }

    public static List<Drift> drifts(FinishedOrder order, List<LedgerLine> lines) {
        List<Drift> drifts = new ArrayList<>();
        stock(order, lines.stream().filter(l -> "stock".equals(l.what())).toList(), drifts);
        money(order, lines.stream().filter(l -> "payment".equals(l.what())).toList(), drifts);
        return drifts;
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
