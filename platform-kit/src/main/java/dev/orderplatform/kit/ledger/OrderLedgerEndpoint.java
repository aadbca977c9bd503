package dev.orderplatform.kit.ledger;

import dev.orderplatform.kit.web.Identifiers;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Internal (service to service): {@code POST /internal/ledger/orders} {@code {"orderIds": [...]}} → this
 * participant's ledger entries for those orders. Used by order-svc's reconciliation.
 */
@RestController
@Validated
public class OrderLedgerEndpoint {

    public record Query(@NotNull @Size(max = 500) List<@NotNull @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String> orderIds) {
    }

    private final List<OrderLedger> ledgers;

    public OrderLedgerEndpoint(List<OrderLedger> ledgers) {
        this.ledgers = ledgers;
    }

    @PostMapping("/internal/ledger/orders")
    public List<OrderLedger.Entry> entries(@Valid @RequestBody Query query) {
        List<OrderLedger.Entry> entries = new ArrayList<>();
        if (!query.orderIds().isEmpty()) {
            ledgers.forEach(ledger -> entries.addAll(ledger.entries(query.orderIds())));
        }
        return entries;
    }
}
