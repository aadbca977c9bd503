package dev.orderplatform.payment.domain;

import static dev.orderplatform.payment.domain.PaymentStatus.FAILED;
import static dev.orderplatform.payment.domain.PaymentStatus.PENDING;
import static dev.orderplatform.payment.domain.PaymentStatus.REFUNDED;
import static dev.orderplatform.payment.domain.PaymentStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PaymentStatusTest {

    @Test
    void aPendingPaymentTakesWhicheverReportComesFirst() {
        assertThat(PENDING.afterProviderReport(SUCCEEDED)).isEqualTo(SUCCEEDED);
        assertThat(PENDING.afterProviderReport(FAILED)).isEqualTo(FAILED);
    }

    @Test
    void aSuccessIsFinalWhateverArrivesAfterIt() {
        assertThat(SUCCEEDED.afterProviderReport(FAILED)).as("a stale failure").isEqualTo(SUCCEEDED);
        assertThat(SUCCEEDED.afterProviderReport(SUCCEEDED)).as("a duplicate").isEqualTo(SUCCEEDED);
    }

    @Test
    void aSuccessAfterAFailureIsTakenSoThatItCanBeRefunded() {
        assertThat(FAILED.afterProviderReport(SUCCEEDED)).isEqualTo(SUCCEEDED);
        assertThat(FAILED.afterProviderReport(FAILED)).isEqualTo(FAILED);
    }

    @Test
    void aRefundedPaymentStaysRefunded() {
        assertThat(REFUNDED.afterProviderReport(SUCCEEDED)).isEqualTo(REFUNDED);
        assertThat(REFUNDED.afterProviderReport(FAILED)).isEqualTo(REFUNDED);
    }

    @Test
    void theProviderReportsOnlySuccessOrFailure() {
        assertThatThrownBy(() -> PENDING.afterProviderReport(REFUNDED)).isInstanceOf(IllegalArgumentException.class);
    }
}
