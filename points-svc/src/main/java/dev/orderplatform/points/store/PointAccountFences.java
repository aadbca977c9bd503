package dev.orderplatform.points.store;

import dev.orderplatform.kit.tcc.FenceMaintenance;
import dev.orderplatform.kit.tcc.MongoTccFence;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** The fence records kept in {@code point_accounts}, for platform-kit's cleanup and in-doubt gauges. */
@Component
public class PointAccountFences implements FenceMaintenance.FencedStore {

    private final PointAccounts accounts;
    private final MongoTccFence fence;

    public PointAccountFences(PointAccounts accounts, MongoTccFence fence) {
        this.accounts = accounts;
        this.fence = fence;
    }

    @Override
    public int deleteFinished(Instant horizon, Instant oneOffHorizon) {
        return fence.deleteFinished(accounts.collection(), horizon, oneOffHorizon);
    }

    @Override
    public void publishInDoubt() {
        fence.publishInDoubt(accounts.collection());
    }
}
