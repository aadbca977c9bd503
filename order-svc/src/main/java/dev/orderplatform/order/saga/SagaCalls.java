package dev.orderplatform.order.saga;

import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import feign.FeignException;
import feign.RetryableException;
import io.seata.core.context.RootContext;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * How a saga step calls a participant. The saga's XID is taken off the thread for the call: Spring Cloud
 * Alibaba would otherwise send it, and a participant would join the saga as a TCC branch — after which the TC
 * no longer treats the transaction as a saga and would never drive its recovery. Failures become the step
 * exceptions the definitions route on: a refusal, or "unavailable" (retried).
 */
final class SagaCalls {

    private SagaCalls() {
    }

    /** Calls {@code call} with the order's deadline ({@code Tx-Deadline}) and without the saga's XID. */
    static <T> T call(String what, Instant deadline, Supplier<T> call) {
        String xid = RootContext.unbind();
        try {
            return deadline == null ? call.get() : GlobalDeadline.runWith(deadline, call);
        } catch (ParticipantRefusedException refused) {
            throw new StepRefusedException(refused.reason(), what + " refused: " + refused.getMessage());
        } catch (RetryableException unreachable) {
            throw new StepUnavailableException(what + ": participant unreachable (" + unreachable.getMessage() + ")");
        } catch (FeignException failed) {
            if (failed.status() >= 500 || failed.status() == 429) {
                throw new StepUnavailableException(what + ": participant answered " + failed.status());
            }
            throw new IllegalStateException(what + ": participant answered " + failed.status() + " " + failed.contentUTF8());
        } finally {
            if (xid != null) {
                RootContext.bind(xid);
            }
        }
    }

    static void run(String what, Instant deadline, Runnable call) {
        call(what, deadline, () -> {
            call.run();
            return null;
        });
    }
}
