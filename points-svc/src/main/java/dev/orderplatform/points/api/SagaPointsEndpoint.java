package dev.orderplatform.points.api;

import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.FreezePoints;
import dev.orderplatform.kit.contract.ParticipantContracts.FrozenPoints;
import dev.orderplatform.kit.contract.ParticipantContracts.OrderOfUser;
import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.kit.web.SagaStepAnswers;
import dev.orderplatform.points.saga.FreezePointsSagaStep;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Internal: the external checkout saga's points steps, called by order-svc (no global transaction joined). */
@RestController
public class SagaPointsEndpoint {

    private final FreezePointsSagaStep step;

    public SagaPointsEndpoint(FreezePointsSagaStep step) {
        this.step = step;
    }

    @PostMapping(ParticipantContracts.SAGA_POINT_FREEZES)
    public FrozenPoints freeze(@Valid @RequestBody FreezePoints request) {
        step.freeze(request.orderId(), request.userId(), GlobalDeadline.required(), request.redeemPoints(), request.earnPoints());
        return new FrozenPoints(request.userId(), request.redeemPoints(), request.earnPoints());
    }

    @PostMapping(ParticipantContracts.SAGA_POINT_RELEASES)
    public ResponseEntity<Void> release(@Valid @RequestBody OrderOfUser request) {
        return SagaStepAnswers.done(step.release(request.orderId(), request.userId()),
                "The points of " + request.orderId() + " were already redeemed");
    }

    @PostMapping(ParticipantContracts.SAGA_POINT_REDEMPTIONS)
    public ResponseEntity<Void> redeem(@Valid @RequestBody OrderOfUser request) {
        return SagaStepAnswers.done(step.redeem(request.orderId(), request.userId()),
                "The points of " + request.orderId() + " were already released");
    }
}
