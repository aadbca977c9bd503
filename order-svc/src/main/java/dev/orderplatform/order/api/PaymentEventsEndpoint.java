package dev.orderplatform.order.api;

import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.PaymentEvent;
import dev.orderplatform.order.saga.ExternalCheckout;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Internal: payment-svc relays how an external payment ended. 204 once the order acted on it (settled, released
 * or refunded); any failure is an error answer, and payment-svc's inbox retries the event.
 */
@RestController
public class PaymentEventsEndpoint {

    private final ExternalCheckout checkout;

    public PaymentEventsEndpoint(ExternalCheckout checkout) {
        this.checkout = checkout;
    }

    @PostMapping(ParticipantContracts.ORDER_PAYMENT_EVENTS)
    public ResponseEntity<Void> paymentEvent(@Valid @RequestBody PaymentEvent event) {
        checkout.onPaymentEvent(event);
        return ResponseEntity.noContent().build();
    }
}
