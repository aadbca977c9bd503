package dev.orderplatform.order.flashsale;

import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.AllocateSaleUnits;
import dev.orderplatform.kit.contract.ParticipantContracts.SaleUnits;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** inventory-svc's units of a flash sale (its internal API; the service token is added by platform-kit). */
@FeignClient(name = "inventory-svc", contextId = "saleAllocations")
public interface SaleAllocations {

    /** Sets the units aside; idempotent per sale id. A refusal arrives as ParticipantRefusedException. */
    @PutMapping(ParticipantContracts.SALE_ALLOCATIONS + "/{saleId}")
    SaleUnits allocate(@PathVariable("saleId") String saleId, @RequestBody AllocateSaleUnits request);

    /** Gives back what no purchase holds, once; a repeat answers the closed allocation; 404 if never allocated. */
    @PostMapping(ParticipantContracts.SALE_ALLOCATIONS + "/{saleId}/close")
    SaleUnits close(@PathVariable("saleId") String saleId);
}
