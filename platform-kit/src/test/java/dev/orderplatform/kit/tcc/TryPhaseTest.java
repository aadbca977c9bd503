package dev.orderplatform.kit.tcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seata.common.exception.FrameworkErrorCode;
import io.seata.integration.tx.api.fence.exception.CommonFenceException;
import org.junit.jupiter.api.Test;

/** The "wrapped exceptions" trap: a Try's refusal must come out of Seata's proxy as the refusal it is. */
class TryPhaseTest {

    @Test
    void aRefusalWrappedBySeatasProxyComesOutAsTheRefusal() {
        ParticipantRefusedException refusal = new ParticipantRefusedException(RefusalReason.INSUFFICIENT_STOCK, "no stock");
        // what AdapterInvocationWrapper does in Seata 2.0.0
        RuntimeException wrapped = new RuntimeException("try to proceed invocation error", refusal);

        assertThatThrownBy(() -> TryPhase.call(() -> {
            throw wrapped;
        })).isSameAs(refusal);
    }

    @Test
    void aFenceDuplicateIsARefusalOfTheLateTry() {
        CommonFenceException duplicate = new CommonFenceException("fence row exists", FrameworkErrorCode.DuplicateKeyException);

        assertThatThrownBy(() -> TryPhase.run(() -> {
            throw new RuntimeException("try to proceed invocation error", duplicate);
        })).isInstanceOfSatisfying(ParticipantRefusedException.class,
                refused -> assertThat(refused.reason()).isEqualTo(RefusalReason.BRANCH_ALREADY_FINISHED));
    }

    @Test
    void anythingElseIsLeftAsItIs() {
        IllegalStateException failure = new IllegalStateException("database down");
        assertThatThrownBy(() -> TryPhase.call(() -> {
            throw failure;
        })).isSameAs(failure);
        assertThat(TryPhase.call(() -> "reserved")).isEqualTo("reserved");
    }
}
