package dev.orderplatform.order.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FlashSaleTest {

    private static final Instant START = Instant.parse("2030-01-01T10:00:00Z");
    private static final Instant END = Instant.parse("2030-01-01T11:00:00Z");

    private static FlashSale sale(FlashSaleState state) {
        return new FlashSale("fs-1", "SKU", 10, 100, START, END, 1, state, 0, null);
    }

    @Test
    void theWindowIncludesItsStartAndExcludesItsEnd() {
        FlashSale sale = sale(FlashSaleState.ACTIVE);
        assertThat(sale.statusAt(START.minusMillis(1))).isEqualTo(FlashSaleStatus.SCHEDULED);
        assertThat(sale.statusAt(START)).isEqualTo(FlashSaleStatus.OPEN);
        assertThat(sale.statusAt(END.minusMillis(1))).isEqualTo(FlashSaleStatus.OPEN);
        assertThat(sale.statusAt(END)).isEqualTo(FlashSaleStatus.ENDED);
    }

    @Test
    void aClosedSaleHasEndedWhateverTheClockSays() {
        assertThat(sale(FlashSaleState.CLOSED).statusAt(START)).isEqualTo(FlashSaleStatus.ENDED);
    }

    @Test
    void onlyActiveAndClosedSalesAreShown() {
        assertThat(FlashSaleState.ACTIVE.visible()).isTrue();
        assertThat(FlashSaleState.CLOSED.visible()).isTrue();
        assertThat(FlashSaleState.ALLOCATING.visible()).isFalse();
        assertThat(FlashSaleState.ABANDONING.visible()).isFalse();
        assertThat(FlashSaleState.ABANDONED.visible()).isFalse();
    }
}
