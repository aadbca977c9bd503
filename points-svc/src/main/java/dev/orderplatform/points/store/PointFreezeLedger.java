package dev.orderplatform.points.store;

import dev.orderplatform.kit.ledger.OrderLedger;
import dev.orderplatform.kit.tcc.MongoTccFence;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Points frozen for orders (wallet checkout's and the external checkout's freezes), for order-svc's reconciliation:
 * one entry per freeze, keyed by the user, with its fence state (TRIED, COMMITTED = redeemed and earned,
 * ROLLBACKED = released) and the points it redeems. The freeze is recorded only in the account's fence record, so
 * once the fence cleanup has removed a finished record (after its horizon) the order has no entry here.
 */
@Component
public class PointFreezeLedger implements OrderLedger {

    private final MongoTccFence fence;

    public PointFreezeLedger(MongoTccFence fence) {
        this.fence = fence;
    }

    @Override
    public List<Entry> entries(Collection<String> orderIds) {
        return fence.recordsWithData("orderId", orderIds).stream()
                .map(held -> new Entry(held.data().getString("orderId"), "points-svc", "points", String.valueOf(held.holder()),
                        held.state().name(), held.data().get("redeem", Number.class) == null ? 0 : held.data().get("redeem", Number.class).longValue()))
                .toList();
    }
}
