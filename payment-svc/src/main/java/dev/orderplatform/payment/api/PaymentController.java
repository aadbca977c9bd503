package dev.orderplatform.payment.api;

import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.payment.store.PaymentMapper;
import dev.orderplatform.payment.store.PaymentRow;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Public payment API (docs/api.md, payment-svc). */
@RestController
@RequestMapping("/api/payments")
@Tag(name = "payments", description = "Payments of orders: wallet payments and the payment provider's external ones")
public class PaymentController {

    private final PaymentMapper payments;

    public PaymentController(PaymentMapper payments) {
        this.payments = payments;
    }

    public record PaymentView(String paymentId, String orderId, String status, long amountCents) {
    }

    @GetMapping("/{paymentId}")
    @Operation(summary = "A payment")
    @ApiResponse(responseCode = "200", description = "The payment; status PENDING, SUCCEEDED, FAILED or REFUNDED")
    @ApiResponse(responseCode = "400", description = "Not a valid payment id", content = @Content)
    @ApiResponse(responseCode = "404", description = "Unknown payment", content = @Content)
    public PaymentView get(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String paymentId) {
        return Optional.ofNullable(payments.selectById(paymentId))
                .map(PaymentController::view)
                .orElseThrow(() -> Problems.notFound("Payment", paymentId));
    }

    private static PaymentView view(PaymentRow row) {
        return new PaymentView(row.paymentId, row.orderId, row.status, row.amountCents);
    }
}
