package dev.orderplatform.order.compensation;

import dev.orderplatform.kit.web.StoreUnavailableException;
import io.seata.core.exception.TransactionException;
import io.seata.core.model.GlobalStatus;
import io.seata.tm.api.GlobalTransactionContext;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Component;

/** What the Seata TC says of a global transaction: the first source of truth for a TCC straggler. */
@Component
public class TransactionCoordinator {

    /** Statuses in which the TC is still driving the transaction: nothing for a straggler job to do yet. */
    private static final Set<GlobalStatus> DRIVEN_BY_TC = EnumSet.of(GlobalStatus.Begin, GlobalStatus.Committing,
            GlobalStatus.CommitRetrying, GlobalStatus.AsyncCommitting, GlobalStatus.Rollbacking, GlobalStatus.RollbackRetrying,
            GlobalStatus.TimeoutRollbacking, GlobalStatus.TimeoutRollbackRetrying);

    private static final Set<GlobalStatus> COMMIT_DECIDED = EnumSet.of(GlobalStatus.Committed, GlobalStatus.CommitFailed,
            GlobalStatus.CommitRetryTimeout, GlobalStatus.Committing, GlobalStatus.CommitRetrying, GlobalStatus.AsyncCommitting);

    private static final Set<GlobalStatus> ROLLBACK_DECIDED = EnumSet.of(GlobalStatus.Rollbacked, GlobalStatus.RollbackFailed,
            GlobalStatus.RollbackRetryTimeout, GlobalStatus.TimeoutRollbacked, GlobalStatus.TimeoutRollbackFailed,
            GlobalStatus.Rollbacking, GlobalStatus.RollbackRetrying,
            GlobalStatus.TimeoutRollbacking, GlobalStatus.TimeoutRollbackRetrying);

    /**
     * The TC's status of {@code xid}; {@code Finished} when it no longer knows it (ended, or given up on). An unreachable
     * TC (Seata throws FrameworkException "No available service" for that) is a server that is down: 503 to a caller.
     */
    public GlobalStatus status(String xid) {
        try {
            return GlobalTransactionContext.reload(xid).getStatus();
        } catch (TransactionException | RuntimeException e) {
            throw new StoreUnavailableException("the TC cannot be asked about " + xid + ": " + e.getMessage(), e);
        }
    }

    public static boolean drivenByTc(GlobalStatus status) {
        return DRIVEN_BY_TC.contains(status);
    }

    public static boolean commitDecided(GlobalStatus status) {
        return COMMIT_DECIDED.contains(status);
    }

    public static boolean rollbackDecided(GlobalStatus status) {
        return ROLLBACK_DECIDED.contains(status);
    }
}
