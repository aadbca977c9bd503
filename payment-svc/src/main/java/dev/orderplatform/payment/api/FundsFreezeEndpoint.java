package dev.orderplatform.payment.api;

import dev.orderplatform.kit.tracing.PhaseTwoTraces;
import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.FreezeFunds;
import dev.orderplatform.kit.contract.ParticipantContracts.FrozenFunds;
import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.kit.tcc.GlobalTransactionPropagation;
import dev.orderplatform.kit.tcc.TryPhase;
import dev.orderplatform.payment.tcc.FreezeFundsAction;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Internal: the Try of "freeze-wallet-funds", called by order-svc inside a global transaction. */
@RestController
public class FundsFreezeEndpoint {

    private final FreezeFundsAction action;
    private final PhaseTwoTraces traces;

    public FundsFreezeEndpoint(FreezeFundsAction action, PhaseTwoTraces traces) {
        this.action = action;
        this.traces = traces;
    }

    @PostMapping(ParticipantContracts.WALLET_FREEZES)
    public FrozenFunds freeze(@Valid @RequestBody FreezeFunds request) {
        GlobalTransactionPropagation.requireXid();
        long deadline = GlobalDeadline.required().toEpochMilli();
        return new FrozenFunds(TryPhase.call(() ->
                action.freeze(traces.tryContext(), request.orderId(), deadline, request.userId(), request.amountCents())));
    }
}
