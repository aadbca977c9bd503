package dev.orderplatform.payment.integration;

import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.PaymentEvent;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** order-svc, told how an external payment ended (by its Nacos name, load-balanced over its instances). */
@FeignClient(name = "order-svc", contextId = "orderPaymentEvents")
public interface OrderService {

    /** Answers 2xx once order-svc has acted on the event (settled, released or refunded — or nothing to do). */
    @PostMapping(ParticipantContracts.ORDER_PAYMENT_EVENTS)
    void paymentEvent(@RequestBody PaymentEvent event);
}
