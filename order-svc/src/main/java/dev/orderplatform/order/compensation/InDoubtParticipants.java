package dev.orderplatform.order.compensation;

import dev.orderplatform.kit.ledger.OrderLedger;
import dev.orderplatform.kit.ledger.OrderLedgerEndpoint;
import dev.orderplatform.kit.tcc.InDoubtBranches;
import dev.orderplatform.kit.tcc.InDoubtBranchesEndpoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.stereotype.Component;

/**
 * The TCC participants' in-doubt branches (platform-kit's {@link InDoubtBranchesEndpoint}), by service name.
 * One Feign interface, three clients: the endpoint is the same in every participant.
 */
@Component
public class InDoubtParticipants {

    interface InDoubt {
        @GetMapping("/internal/tcc/in-doubt")
        List<InDoubtBranches.Branch> inDoubt(@RequestParam("triedBefore") Instant triedBefore, @RequestParam("limit") int limit);

        @PostMapping("/internal/tcc/in-doubt/{action}/{xid}/{branchId}")
        InDoubtBranchesEndpoint.Finished finish(@PathVariable("action") String action, @PathVariable("xid") String xid,
                                                @PathVariable("branchId") long branchId, @RequestBody InDoubtBranchesEndpoint.Finish finish);

        /** The participant's own ledger for these orders (platform-kit's {@link OrderLedgerEndpoint}), for reconciliation. */
        @PostMapping("/internal/ledger/orders")
        List<OrderLedger.Entry> ledger(@RequestBody OrderLedgerEndpoint.Query query);
    }

    @FeignClient(name = "inventory-svc", contextId = "inventoryInDoubt")
    interface Inventory extends InDoubt {
    }

    @FeignClient(name = "payment-svc", contextId = "paymentInDoubt")
    interface Payment extends InDoubt {
    }

    @FeignClient(name = "points-svc", contextId = "pointsInDoubt")
    interface Points extends InDoubt {
    }

    private final Map<String, InDoubt> byService;

    public InDoubtParticipants(Inventory inventory, Payment payment, Points points) {
        this.byService = Map.of("inventory-svc", inventory, "payment-svc", payment, "points-svc", points);
    }

    public Map<String, InDoubt> all() {
        return byService;
    }

    public InDoubt of(String service) {
        InDoubt participant = byService.get(service);
        if (participant == null) {
            throw new IllegalArgumentException("not a TCC participant: " + service);
        }
        return participant;
    }
}
