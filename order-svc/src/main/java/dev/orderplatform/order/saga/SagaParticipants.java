package dev.orderplatform.order.saga;

import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.FreezePoints;
import dev.orderplatform.kit.contract.ParticipantContracts.FrozenPoints;
import dev.orderplatform.kit.contract.ParticipantContracts.OpenPayment;
import dev.orderplatform.kit.contract.ParticipantContracts.OpenedPayment;
import dev.orderplatform.kit.contract.ParticipantContracts.OrderOfUser;
import dev.orderplatform.kit.contract.ParticipantContracts.RefundPayment;
import dev.orderplatform.kit.contract.ParticipantContracts.ReserveStock;
import dev.orderplatform.kit.contract.ParticipantContracts.ReservedStock;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * The participants' saga endpoints (external checkout), by Nacos service name. Every call is idempotent per
 * order; {@link SagaCalls} makes them outside the saga's XID.
 */
public final class SagaParticipants {

    private SagaParticipants() {
    }

    @FeignClient(name = "inventory-svc", contextId = "inventorySaga")
    public interface Inventory {
        @PostMapping(ParticipantContracts.SAGA_STOCK_RESERVATIONS)
        ReservedStock reserve(@RequestBody ReserveStock command);

        @PostMapping(ParticipantContracts.SAGA_STOCK_RELEASES)
        void release(@RequestBody OrderOfUser command);

        @PostMapping(ParticipantContracts.SAGA_STOCK_SALES)
        void sell(@RequestBody OrderOfUser command);
    }

    @FeignClient(name = "points-svc", contextId = "pointsSaga")
    public interface Points {
        @PostMapping(ParticipantContracts.SAGA_POINT_FREEZES)
        FrozenPoints freeze(@RequestBody FreezePoints command);

        @PostMapping(ParticipantContracts.SAGA_POINT_RELEASES)
        void release(@RequestBody OrderOfUser command);

        @PostMapping(ParticipantContracts.SAGA_POINT_REDEMPTIONS)
        void redeem(@RequestBody OrderOfUser command);
    }

    @FeignClient(name = "payment-svc", contextId = "paymentSaga")
    public interface Payment {
        @PostMapping(ParticipantContracts.SAGA_PAYMENTS)
        OpenedPayment open(@RequestBody OpenPayment command);

        @PostMapping(ParticipantContracts.SAGA_PAYMENT_CANCELLATIONS)
        void cancel(@RequestBody OrderOfUser command);

        @PostMapping(ParticipantContracts.PAYMENT_REFUNDS)
        void refund(@RequestBody RefundPayment command);
    }
}
