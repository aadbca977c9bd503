package dev.orderplatform.kit.tcc;

import dev.orderplatform.kit.web.ApiException;
import io.seata.common.exception.FrameworkErrorCode;
import io.seata.integration.tx.api.fence.exception.CommonFenceException;
import java.util.function.Supplier;

/**
 * Calls a participant's Try and lets its refusal out as a refusal.
 *
 * <p>Seata 2.0.0 wraps whatever a TCC Try throws in {@code RuntimeException("try to proceed invocation
 * error")} (AdapterInvocationWrapper), so a {@link ParticipantRefusedException} thrown for "insufficient
 * stock" would reach the HTTP layer as an anonymous 500 and the initiator could not say why the order was
 * rejected. And Seata's MySQL fence refuses a Try whose branch was already cancelled by failing its fence
 * insert with a duplicate key — an ordinary refusal (anti-hanging), not a server error. This class finds
 * either in the cause chain and rethrows it as what it is.
 */
public final class TryPhase {

    private TryPhase() {
    }

    public static <T> T call(Supplier<T> tryPhase) {
        try {
            return tryPhase.get();
        } catch (RuntimeException e) {
            throw unwrap(e);
        }
    }

    public static void run(Runnable tryPhase) {
        call(() -> {
            tryPhase.run();
            return null;
        });
    }

    static RuntimeException unwrap(RuntimeException thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException api) {
                return api;
            }
            if (cause instanceof CommonFenceException fence && fence.getErrcode() == FrameworkErrorCode.DuplicateKeyException) {
                return new ParticipantRefusedException(RefusalReason.BRANCH_ALREADY_FINISHED,
                        "This branch was already cancelled; a late Try is refused.");
            }
        }
        return thrown;
    }
}
