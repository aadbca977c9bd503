package dev.orderplatform.kit.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SagaBranchTest {

    @Test
    void aStepOfAnOrderAlwaysHasTheSameNegativeBranchId() {
        long id = SagaBranch.branchIdOf("ord-1", "saga-reserve-stock");
        assertThat(id).isNegative().isEqualTo(SagaBranch.branchIdOf("ord-1", "saga-reserve-stock"));
        assertThat(SagaBranch.xidOf("ord-1")).isEqualTo("saga:ord-1");
    }

    @Test
    void differentOrdersAndStepsGetDifferentBranchIds() {
        Set<Long> ids = new HashSet<>();
        for (int order = 0; order < 2000; order++) {
            ids.add(SagaBranch.branchIdOf("ord-" + order, "saga-reserve-stock"));
            ids.add(SagaBranch.branchIdOf("ord-" + order, "saga-freeze-points"));
        }
        assertThat(ids).hasSize(4000);
    }
}
