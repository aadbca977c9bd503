package dev.orderplatform.inventory.api;

import dev.orderplatform.inventory.domain.SaleAllocation;
import dev.orderplatform.inventory.store.SaleAllocationStore;
import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.AllocateSaleUnits;
import dev.orderplatform.kit.contract.ParticipantContracts.SaleUnits;
import dev.orderplatform.kit.web.Identifiers;
import dev.orderplatform.kit.web.Problems;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Internal (order-svc only): a flash sale's units, set aside from a SKU's stock and given back when it closes. */
@RestController
@Validated
@RequestMapping(ParticipantContracts.SALE_ALLOCATIONS + "/{saleId}")
public class SaleAllocationEndpoint {

    private final SaleAllocationStore allocations;

    public SaleAllocationEndpoint(SaleAllocationStore allocations) {
        this.allocations = allocations;
    }

    /** Sets the units aside; the same request again answers the same allocation (order-svc retries it). */
    @PutMapping
    public SaleUnits allocate(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String saleId,
                              @Valid @RequestBody AllocateSaleUnits request) {
        return view(allocations.allocate(saleId, request.sku(), request.units(), request.priceCents()));
    }

    @GetMapping
    public SaleUnits find(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String saleId) {
        return view(allocations.find(saleId).orElseThrow(() -> Problems.notFound("Sale allocation", saleId)));
    }

    /** Gives what no purchase holds back to the SKU's stock, once; repeated, answers the closed allocation. */
    @PostMapping("/close")
    public SaleUnits close(@PathVariable @Pattern(regexp = Identifiers.ID_PATTERN, message = Identifiers.ID_MESSAGE) String saleId) {
        return view(allocations.close(saleId).orElseThrow(() -> Problems.notFound("Sale allocation", saleId)));
    }

    private static SaleUnits view(SaleAllocation sale) {
        return new SaleUnits(sale.saleId(), sale.sku(), sale.priceCents(), sale.units(), sale.remaining(), sale.reserved(),
                sale.sold(), sale.returned(), sale.status().name());
    }
}
