package dev.orderplatform.points.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PointAccountTest {

    @Test
    void earnedPointsAreNotGrantedPoints() {
        // 500 granted; an order redeemed 300 and earned 22; another has 50 frozen
        PointAccount account = new PointAccount("u1", 172, 50, 300, 22, 500);
        assertThat(account.grantedByCounters()).isEqualTo(account.granted());
    }
}
