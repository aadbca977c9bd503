package dev.orderplatform.inventory.api;

import dev.orderplatform.kit.tracing.PhaseTwoTraces;
import dev.orderplatform.inventory.tcc.ReserveStockAction;
import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.ReserveStock;
import dev.orderplatform.kit.contract.ParticipantContracts.ReservedStock;
import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.kit.tcc.GlobalTransactionPropagation;
import dev.orderplatform.kit.tcc.TryPhase;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Internal: the Try of "reserve-stock", called by order-svc inside a global transaction. */
@RestController
public class StockReservationEndpoint {

    private final ReserveStockAction action;
    private final PhaseTwoTraces traces;

    public StockReservationEndpoint(ReserveStockAction action, PhaseTwoTraces traces) {
        this.action = action;
        this.traces = traces;
    }

    @PostMapping(ParticipantContracts.STOCK_RESERVATIONS)
    public ReservedStock reserve(@Valid @RequestBody ReserveStock request) {
        GlobalTransactionPropagation.requireXid();
        long deadline = GlobalDeadline.required().toEpochMilli();
        return new ReservedStock(TryPhase.call(() -> action.reserve(traces.tryContext(), request.orderId(), deadline, request.lines(), request.saleId())));
    }
}
