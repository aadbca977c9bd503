package dev.orderplatform.inventory.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StockRulesTest {

    @Test
    void linesAreLockedInSkuOrderSoReservationsCannotDeadlock() {
        assertThat(StockLines.inLockOrder(List.of("C", "A", "B"), Function.identity())).containsExactly("A", "B", "C");
    }

    @Test
    void aSkuMayAppearOnlyOnceInAReservation() {
        assertThatThrownBy(() -> StockLines.inLockOrder(List.of("A", "B", "A"), Function.identity()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A");
    }

    @Test
    void settingTheAvailableQuantityWritesTheDifferenceToTheLedger() {
        StockLevel level = new StockLevel("MUG", 1250, 8, 1, 1, 3);
        assertThat(level.onHand()).isEqualTo(10);
        assertThat(level.receiptFor(20)).as("restock").isEqualTo(12);
        assertThat(level.receiptFor(5)).as("write-down").isEqualTo(-3);
        assertThatThrownBy(() -> level.receiptFor(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
