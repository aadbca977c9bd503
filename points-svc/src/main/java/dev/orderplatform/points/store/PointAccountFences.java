package dev.orderplatform.points.store;

import dev.orderplatform.kit.tcc.FenceMaintenance;
import dev.orderplatform.kit.tcc.MongoTccFence;
import java.time.Instant;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * points-svc's fence records (MongoTccFence's own collection, and the one-off grant records in {@code point_accounts}),
 * for platform-kit's cleanup and in-doubt gauges.
 */
@Component
public class PointAccountFences implements FenceMaintenance.FencedStore {

    private final PointAccounts accounts;
    private final MongoTccFence fence;

    public PointAccountFences(PointAccounts accounts, MongoTccFence fence) {
        this.accounts = accounts;
        this.fence = fence;
        // records an earlier version kept inside the accounts move to the fence's collection before any branch runs
        int adopted = fence.adoptEmbeddedRecords(accounts.collection());
        if (adopted > 0) {
            LoggerFactory.getLogger(PointAccountFences.class).info("Moved {} fence records out of point_accounts", adopted);
        }
    }

    @Override
    public int deleteFinished(Instant horizon, Instant oneOffHorizon) {
        return fence.deleteFinished(accounts.collection(), horizon, oneOffHorizon);
    }

    @Override
    public void publishInDoubt() {
        fence.publishInDoubt();
    }
}
