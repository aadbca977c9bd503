package dev.orderplatform.payment.api;

import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.payment.store.PaymentMapper;
import dev.orderplatform.payment.store.PaymentRow;
import jakarta.validation.constraints.Pattern;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Public payment API (docs/api.md, payment-svc). */
@RestController
@RequestMapping("/api/payments")
public class PaymentController {

    private final PaymentMapper payments;

    public PaymentController(PaymentMapper payments) {
        this.payments = payments;
    }

    public record PaymentView(String paymentId, String orderId, String status, long amountCents) {
    }

    @GetMapping("/{paymentId}")
    public PaymentView get(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String paymentId) {
        return Optional.ofNullable(payments.selectById(paymentId))
                .map(PaymentController::view)
                .orElseThrow(() -> Problems.notFound("Payment", paymentId));
    }

    private static PaymentView view(PaymentRow row) {
        return new PaymentView(row.paymentId, row.orderId, row.status, row.amountCents);
    }
}
