package dev.orderplatform.order.tcc;

import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.FreezeFunds;
import dev.orderplatform.kit.contract.ParticipantContracts.FreezePoints;
import dev.orderplatform.kit.contract.ParticipantContracts.FrozenFunds;
import dev.orderplatform.kit.contract.ParticipantContracts.FrozenPoints;
import dev.orderplatform.kit.contract.ParticipantContracts.ReserveStock;
import dev.orderplatform.kit.contract.ParticipantContracts.ReservedStock;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * The three TCC participants of wallet checkout, called by their Nacos service names (load-balanced over
 * their instances). Spring Cloud Alibaba adds the Seata XID header to each call; platform-kit adds the
 * global deadline.
 */
public final class Participants {

    private Participants() {
    }

    @FeignClient(name = "inventory-svc", contextId = "inventoryParticipant")
    public interface Inventory {
        @PostMapping(ParticipantContracts.STOCK_RESERVATIONS)
        ReservedStock reserve(@RequestBody ReserveStock command);
    }

    @FeignClient(name = "payment-svc", contextId = "paymentParticipant")
    public interface Payment {
        @PostMapping(ParticipantContracts.WALLET_FREEZES)
        FrozenFunds freeze(@RequestBody FreezeFunds command);

        /** The public payment view (docs/api.md): how a payment ended, when the TC no longer remembers. */
        @GetMapping("/api/payments/{paymentId}")
        PaymentStatus payment(@PathVariable("paymentId") String paymentId);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PaymentStatus(String paymentId, String status) {
    }

    @FeignClient(name = "points-svc", contextId = "pointsParticipant")
    public interface Points {
        @PostMapping(ParticipantContracts.POINT_FREEZES)
        FrozenPoints freeze(@RequestBody FreezePoints command);
    }
}
