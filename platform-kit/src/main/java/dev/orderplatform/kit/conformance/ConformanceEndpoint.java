package dev.orderplatform.kit.conformance;

import dev.orderplatform.kit.tcc.ParticipantRefusedException;
import dev.orderplatform.kit.tcc.TryPhase;
import dev.orderplatform.kit.web.Problems;
import io.seata.rm.tcc.api.BusinessActionContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/conformance/{action}} — test mode only (registered with the fault hooks): runs one
 * phase of a participant's action for a branch the caller names, and says what happened. The participant
 * conformance kit (platform-kit's test-jar) drives every TCC ordering through it.
 */
@RestController
public class ConformanceEndpoint {

    public enum Phase { TRY, CONFIRM, CANCEL }

    /** What a phase did: APPLIED / REFUSED (Try), DONE / NO_EFFECT (Confirm, Cancel), FAILED (the TC would retry). */
    public record Result(String outcome, String reason, String message) {
    }

    public record Call(@NotNull Phase phase, @NotBlank String xid, @NotNull Long branchId, @NotBlank String orderId,
                       @NotBlank String subject, @NotNull @PositiveOrZero Long amount, @NotNull Instant deadline) {
    }

    private final Map<String, ConformanceTarget> targets;

    public ConformanceEndpoint(List<ConformanceTarget> targets) {
        this.targets = targets.stream().collect(Collectors.toMap(ConformanceTarget::action, Function.identity()));
    }

    @PostMapping("/internal/conformance/{action}")
    public Result run(@PathVariable String action, @Valid @RequestBody Call call) {
        ConformanceTarget target = targets.get(action);
        if (target == null) {
            throw Problems.notFound("TCC action", action);
        }
        BusinessActionContext context = context(action, call);
        try {
            return switch (call.phase()) {
                case TRY -> {
                    TryPhase.run(() -> target.tryPhase(context, call.subject(), call.amount(), call.deadline()));
                    yield new Result("APPLIED", null, null);
                }
                case CONFIRM -> new Result(target.confirm(context) ? "DONE" : "NO_EFFECT", null, null);
                case CANCEL -> new Result(target.cancel(context) ? "DONE" : "NO_EFFECT", null, null);
            };
        } catch (ParticipantRefusedException refused) {
            return new Result("REFUSED", refused.reason().name(), refused.getMessage());
        } catch (RuntimeException failed) {
            return new Result("FAILED", null, failed.toString());
        }
    }

    /** The context Seata would hand the phase: the branch, the action, and what the Try recorded. */
    private static BusinessActionContext context(String action, Call call) {
        Map<String, Object> recorded = new HashMap<>();
        recorded.put("orderId", call.orderId());
        recorded.put("userId", call.subject());
        recorded.put("deadline", call.deadline().toEpochMilli());
        BusinessActionContext context = new BusinessActionContext(call.xid(), Long.toString(call.branchId()), recorded);
        context.setActionName(action);
        return context;
    }
}
