package dev.orderplatform.payment.api;

import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.OpenPayment;
import dev.orderplatform.kit.contract.ParticipantContracts.OpenedPayment;
import dev.orderplatform.kit.contract.ParticipantContracts.OrderOfUser;
import dev.orderplatform.kit.contract.ParticipantContracts.RefundPayment;
import dev.orderplatform.kit.tcc.GlobalDeadline;
import dev.orderplatform.payment.saga.OpenPaymentSagaStep;
import dev.orderplatform.payment.saga.PaymentRefunds;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Internal: the external checkout saga's payment steps and order-svc's refunds (no global transaction joined). */
@RestController
public class SagaPaymentEndpoint {

    private final OpenPaymentSagaStep step;
    private final PaymentRefunds refunds;

    public SagaPaymentEndpoint(OpenPaymentSagaStep step, PaymentRefunds refunds) {
        this.step = step;
        this.refunds = refunds;
    }

    @PostMapping(ParticipantContracts.SAGA_PAYMENTS)
    public OpenedPayment open(@Valid @RequestBody OpenPayment request) {
        return new OpenedPayment(step.open(request, GlobalDeadline.required()));
    }

    @PostMapping(ParticipantContracts.SAGA_PAYMENT_CANCELLATIONS)
    public ResponseEntity<Void> cancel(@Valid @RequestBody OrderOfUser request) {
        step.cancel(request.orderId());
        return ResponseEntity.noContent().build();
    }

    @PostMapping(ParticipantContracts.PAYMENT_REFUNDS)
    public ResponseEntity<Void> refund(@Valid @RequestBody RefundPayment request) {
        refunds.refund(request.orderId(), request.paymentId());
        return ResponseEntity.noContent().build();
    }
}
