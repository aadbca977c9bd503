package dev.orderplatform.order.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.order.domain.LedgerAgreement.FinishedOrder;
import dev.orderplatform.order.domain.LedgerAgreement.LedgerLine;
import dev.orderplatform.order.domain.LedgerAgreement.Proposal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerAgreementTest {

    private static LedgerLine stock(String sku, String status, long units) {
        return new LedgerLine("inventory-svc", "stock", sku, status, units);
    }

    private static LedgerLine payment(String id, String status, long cents) {
        return new LedgerLine("payment-svc", "payment", id, status, cents);
    }

    private static FinishedOrder order(OrderStatus status, long paid) {
        return new FinishedOrder("o1", status, Map.of("A", 2L, "B", 1L), paid);
    }

    @Test
    void aPaidOrderWithItsStockSoldAndOnePaymentOfItsAmountAgrees() {
        assertThat(LedgerAgreement.drifts(order(OrderStatus.PAID, 500),
                List.of(stock("A", "CONFIRMED", 2), stock("B", "CONFIRMED", 1), payment("p1", "SUCCEEDED", 500)))).isEmpty();
    }

    @Test
    void aRejectedOrderWithEverythingReleasedAndNoMoneyTakenAgrees() {
        assertThat(LedgerAgreement.drifts(order(OrderStatus.REJECTED, 0),
                List.of(stock("A", "CANCELLED", 2), stock("B", "CANCELLED", 1), payment("p1", "FAILED", 500)))).isEmpty();
        assertThat(LedgerAgreement.drifts(order(OrderStatus.EXPIRED, 0), List.of(payment("p1", "REFUNDED", 500)))).isEmpty();
    }

    @Test
    void stockStillReservedForAFinishedOrderIsToBeReleased() {
        assertThat(LedgerAgreement.drifts(order(OrderStatus.REJECTED, 0), List.of(stock("A", "RESERVED", 2))))
                .singleElement().satisfies(d -> {
                    assertThat(d.proposal()).isEqualTo(Proposal.RELEASE_STOCK);
                    assertThat(d.key()).isEqualTo("A");
                    assertThat(d.evidence()).contains("RESERVED=2");
                });
    }

    @Test
    void aPaidOrderMissingStockOrMoneyIsForAPersonToReview() {
        assertThat(LedgerAgreement.drifts(order(OrderStatus.PAID, 500),
                List.of(stock("A", "CANCELLED", 2), stock("B", "CONFIRMED", 1), payment("p1", "SUCCEEDED", 400))))
                .extracting(LedgerAgreement.Drift::proposal, LedgerAgreement.Drift::participant)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Proposal.REVIEW_PAID_ORDER, "inventory-svc"),
                        org.assertj.core.groups.Tuple.tuple(Proposal.REVIEW_PAID_ORDER, "payment-svc"));
    }

    @Test
    void aPaidOrderChargedTwiceIsForReview() {
        assertThat(LedgerAgreement.drifts(order(OrderStatus.PAID, 500), List.of(stock("A", "CONFIRMED", 2), stock("B", "CONFIRMED", 1),
                payment("p1", "SUCCEEDED", 500), payment("p2", "SUCCEEDED", 500))))
                .singleElement().satisfies(d -> assertThat(d.found()).contains("2 captured payment(s)"));
    }

    private static LedgerLine points(String state, long redeem) {
        return new LedgerLine("points-svc", "points", "u1", state, redeem);
    }

    @Test
    void pointsAreRedeemedOnceForAPaidOrderAndNeverForAnUnpaidOne() {
        List<LedgerLine> paid = List.of(stock("A", "CONFIRMED", 2), stock("B", "CONFIRMED", 1), payment("p1", "SUCCEEDED", 500));
        assertThat(LedgerAgreement.drifts(order(OrderStatus.PAID, 500), concat(paid, points("COMMITTED", 40)))).isEmpty();
        assertThat(LedgerAgreement.drifts(order(OrderStatus.PAID, 500), paid)).as("a cleaned fence record says nothing").isEmpty();
        assertThat(LedgerAgreement.drifts(order(OrderStatus.PAID, 500), concat(paid, points("ROLLBACKED", 40))))
                .singleElement().satisfies(d -> assertThat(d.proposal()).isEqualTo(Proposal.REVIEW_PAID_ORDER));
        assertThat(LedgerAgreement.drifts(order(OrderStatus.REJECTED, 0), List.of(points("TRIED", 40))))
                .singleElement().satisfies(d -> assertThat(d.proposal()).isEqualTo(Proposal.RELEASE_POINTS));
        assertThat(LedgerAgreement.drifts(order(OrderStatus.EXPIRED, 0), List.of(points("COMMITTED", 40))))
                .singleElement().satisfies(d -> assertThat(d.proposal()).isEqualTo(Proposal.RETURN_POINTS));
        assertThat(LedgerAgreement.drifts(order(OrderStatus.EXPIRED, 0), List.of(points("ROLLBACKED", 40)))).isEmpty();
    }

    private static List<LedgerLine> concat(List<LedgerLine> lines, LedgerLine more) {
        List<LedgerLine> all = new java.util.ArrayList<>(lines);
        all.add(more);
        return all;
    }

    @Test
    void moneyOrStockKeptForAnUnpaidOrderIsToBeGivenBack() {
        assertThat(LedgerAgreement.drifts(order(OrderStatus.EXPIRED, 0), List.of(stock("A", "CONFIRMED", 2), payment("p1", "SUCCEEDED", 500))))
                .extracting(LedgerAgreement.Drift::proposal)
                .containsExactlyInAnyOrder(Proposal.RETURN_SOLD_STOCK, Proposal.REFUND_PAYMENT);
    }

    @Test
    void onlyALineAConfirmWritesShowsThatTheTransactionCommitted() {
        assertThat(LedgerAgreement.confirmedLine(List.of(stock("A", "RESERVED", 2), payment("p1", "PENDING", 500),
                new LedgerLine("points-svc", "points", "u1", "TRIED", 50)))).isEmpty();
        assertThat(LedgerAgreement.confirmedLine(List.of(stock("A", "CANCELLED", 2), payment("p1", "FAILED", 500),
                new LedgerLine("points-svc", "points", "u1", "ROLLBACKED", 50)))).isEmpty();
        assertThat(LedgerAgreement.confirmedLine(List.of(stock("A", "CONFIRMED", 2), payment("p1", "PENDING", 500))))
                .get().extracting(LedgerLine::participant).isEqualTo("inventory-svc");
        assertThat(LedgerAgreement.confirmedLine(List.of(new LedgerLine("points-svc", "points", "u1", "COMMITTED", 50)))).isPresent();
        assertThat(LedgerAgreement.confirmedLine(List.of(payment("p1", "REFUNDED", 500)))).isPresent();
    }
}
