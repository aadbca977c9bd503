package dev.orderplatform.order.tcc;

import dev.orderplatform.kit.contract.ParticipantContracts.FreezeFunds;
import dev.orderplatform.kit.contract.ParticipantContracts.FreezePoints;
import dev.orderplatform.kit.contract.ParticipantContracts.PricedLine;
import dev.orderplatform.kit.contract.ParticipantContracts.ReserveStock;
import java.util.List;
import org.springframework.stereotype.Component;

/** The shipped checkout steps: the Try of each TCC participant, over Feign, inside the global transaction. */
@Component
public class TccCheckoutSteps implements CheckoutSteps {

    private final Participants.Inventory inventory;
    private final Participants.Payment payment;
    private final Participants.Points points;

    public TccCheckoutSteps(Participants.Inventory inventory, Participants.Payment payment, Participants.Points points) {
        this.inventory = inventory;
        this.payment = payment;
        this.points = points;
    }

    @Override
    public List<PricedLine> reserveStock(ReserveStock command) {
        return inventory.reserve(command).lines();
    }

    @Override
    public String takeFunds(FreezeFunds command) {
        return payment.freeze(command).paymentId();
    }

    @Override
    public void takePoints(FreezePoints command) {
        points.freeze(command);
    }
}
