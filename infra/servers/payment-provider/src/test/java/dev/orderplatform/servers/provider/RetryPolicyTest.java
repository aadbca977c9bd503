package dev.orderplatform.servers.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void delaysStartAt250MsDoubleAndStopAtTenSeconds() {
        RetryPolicy policy = RetryPolicy.STANDARD;

        assertThat(policy.baseDelay(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(policy.baseDelay(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(policy.baseDelay(6)).isEqualTo(Duration.ofMillis(8000));
        assertThat(policy.baseDelay(7)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.baseDelay(1000)).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.giveUpAfter()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void eachDelayIsJitteredWithinTheUpperHalfOfItsBase() {
        for (int failures = 1; failures <= 10; failures++) {
            long base = RetryPolicy.STANDARD.baseDelay(failures).toMillis();
            for (int i = 0; i < 50; i++) {
                assertThat(RetryPolicy.STANDARD.delayAfter(failures).toMillis()).isBetween(base / 2, base);
            }
        }
    }
}
