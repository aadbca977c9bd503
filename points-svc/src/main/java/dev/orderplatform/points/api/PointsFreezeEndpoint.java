package dev.orderplatform.points.api;

import dev.orderplatform.kit.tracing.PhaseTwoTraces;
import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.FreezePoints;
import dev.orderplatform.kit.contract.ParticipantContracts.FrozenPoints;
import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.kit.tcc.GlobalTransactionPropagation;
import dev.orderplatform.kit.tcc.TryPhase;
import dev.orderplatform.points.tcc.FreezePointsAction;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Internal: the Try of "freeze-points", called by order-svc inside a global transaction. */
@RestController
public class PointsFreezeEndpoint {

    private final FreezePointsAction action;
    private final PhaseTwoTraces traces;

    public PointsFreezeEndpoint(FreezePointsAction action, PhaseTwoTraces traces) {
        this.action = action;
        this.traces = traces;
    }

    @PostMapping(ParticipantContracts.POINT_FREEZES)
    public FrozenPoints freeze(@Valid @RequestBody FreezePoints request) {
        GlobalTransactionPropagation.requireXid();
        long deadline = GlobalDeadline.required().toEpochMilli();
        TryPhase.run(() ->
                action.freeze(traces.tryContext(), request.orderId(), request.userId(), deadline, request.redeemPoints(), request.earnPoints()));
        return new FrozenPoints(request.userId(), request.redeemPoints(), request.earnPoints());
    }
}
