package dev.orderplatform.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WalletTest {

    @Test
    void theCountersAccountForEverythingToppedUp() {
        // 100 topped up; 30 spent; 20 frozen for a pending order; 10 refunded back to the balance
        Wallet wallet = new Wallet("u1", 60, 20, 30, 10);
        assertThat(wallet.toppedUpCents()).isEqualTo(100);
    }
}
