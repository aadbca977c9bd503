package dev.orderplatform.inventory.api;

import dev.orderplatform.inventory.saga.ReserveStockSagaStep;
import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.OrderOfUser;
import dev.orderplatform.kit.contract.ParticipantContracts.ReserveStock;
import dev.orderplatform.kit.contract.ParticipantContracts.ReservedStock;
import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.kit.web.SagaStepAnswers;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Internal: the external checkout saga's stock steps, called by order-svc (no global transaction joined). */
@RestController
public class SagaStockEndpoint {

    private final ReserveStockSagaStep step;

    public SagaStockEndpoint(ReserveStockSagaStep step) {
        this.step = step;
    }

    @PostMapping(ParticipantContracts.SAGA_STOCK_RESERVATIONS)
    public ReservedStock reserve(@Valid @RequestBody ReserveStock request) {
        if (request.saleId() != null) {
            // flash-sale units are only taken by the wallet checkout's TCC Try, whose Cancel knows where they go back
            throw Problems.validation("saleId", "flash-sale purchases are wallet checkouts; the saga takes ordinary stock");
        }
        return new ReservedStock(step.reserve(request.orderId(), request.lines(), GlobalDeadline.required()));
    }

    @PostMapping(ParticipantContracts.SAGA_STOCK_RELEASES)
    public ResponseEntity<Void> release(@Valid @RequestBody OrderOfUser request) {
        return SagaStepAnswers.done(step.release(request.orderId()), "The stock of " + request.orderId() + " was already sold");
    }

    @PostMapping(ParticipantContracts.SAGA_STOCK_SALES)
    public ResponseEntity<Void> sell(@Valid @RequestBody OrderOfUser request) {
        return SagaStepAnswers.done(step.sell(request.orderId()), "The stock of " + request.orderId() + " was already released");
    }
}
