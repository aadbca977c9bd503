package dev.orderplatform.kit.tcc;

import dev.orderplatform.kit.tracing.PhaseTwoTraces;
import io.seata.common.exception.FrameworkErrorCode;
import io.seata.common.exception.SkipCallbackWrapperException;
import io.seata.common.executor.Callback;
import io.seata.integration.tx.api.fence.DefaultCommonFenceHandler;
import io.seata.integration.tx.api.fence.FenceHandler;
import io.seata.integration.tx.api.fence.constant.CommonFenceConstant;
import io.seata.integration.tx.api.fence.exception.CommonFenceException;
import io.seata.integration.tx.api.fence.store.CommonFenceDO;
import io.seata.integration.tx.api.fence.store.CommonFenceStore;
import io.seata.integration.tx.api.fence.store.db.CommonFenceStoreDataBaseDAO;
import io.seata.rm.fence.SpringFenceHandler;
import io.seata.rm.tcc.api.BusinessActionContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seata's TCC fence for MySQL participants ({@code useTCCFence = true}), hardened. Same table
 * ({@code tcc_fence_log}), same states, same data-access object and the same contract with Seata's TCC
 * interceptor and resource manager — installed in place of Seata's {@code SpringFenceHandler} because that one
 * has three holes a participant can fall into:
 * <ol>
 *   <li>A Try whose fence insert hits a duplicate key (a repeated Try, or a Try after its Cancel) is refused —
 *       and then Seata queues the <em>existing</em> fence row for deletion. A repeated Try thus erases the record
 *       of the first, and Confirm then fails forever ("record not exists"); a Try after Cancel erases the
 *       SUSPENDED record that protects against the next one. Here a duplicate is refused and nothing is
 *       deleted.</li>
 *   <li>Two Cancels (or a Cancel and a Try) racing on a branch with no record yet both find nothing, both insert,
 *       and under REPEATABLE READ deadlock on the gap locks of their {@code SELECT … FOR UPDATE}
 *       (apache/incubator-seata #6679); the loser's Cancel fails. Here the fence runs at READ COMMITTED (no gap
 *       locks) and a Cancel that loses the insert race reads the winner's record and decides from it.</li>
 *   <li>Seata's periodic cleaner deletes every row of any XID that has an old finished row — including a branch
 *       of the same XID still in doubt. Seata's cleaner is disabled ({@code seata.tcc.fence.clean-period=0});
 *       {@link FenceMaintenance} deletes finished rows one by one, by primary key, after a safe horizon.</li>
 * </ol>
 * A failed Try's fence row rolls back with it, so its Cancel is a null compensation (#6374): correct here,
 * because every participant's Try changes only the same database in the same local transaction.
 */
public class JdbcTccFence implements FenceHandler, FenceMaintenance.FencedStore {

    private static final int RACE_ROUNDS = 5;

    private final DataSource dataSource;
    private final TransactionTemplate transactions;
    private final CommonFenceStore records = CommonFenceStoreDataBaseDAO.getInstance();
    private final TccMetrics metrics;
    private final Clock clock;
    private final String table;
    private final PhaseTwoTraces traces;

    /** @param traces puts Confirm and Cancel in the trace of their Try ({@link PhaseTwoTraces#off()} for none) */
    public JdbcTccFence(DataSource dataSource, PlatformTransactionManager transactionManager, TccMetrics metrics,
                        Clock clock, String table, PhaseTwoTraces traces) {
        this.traces = traces;
        this.dataSource = dataSource;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.metrics = metrics;
        this.clock = clock;
        this.table = table;
    }

    /**
     * Makes this the fence Seata uses. Seata's own handler registers itself when its class is first loaded,
     * so it is loaded (and configured, as Seata's auto-configuration would) first, then replaced. Done when
     * this bean is created — before the TCC actions that depend on it are registered with the TC, so the TC
     * never finds the fence missing ("fenceHandler is null" after a restart).
     */
    public void install() {
        SpringFenceHandler.setDataSource(dataSource);
        SpringFenceHandler.setTransactionTemplate(transactions);
        DefaultCommonFenceHandler.get().setFenceHandler(this);
    }

    @Override
    public Object prepareFence(String xid, Long branchId, String actionName, Callback<Object> targetCallback) {
        long started = System.nanoTime();
        try {
            Object result = transactions.execute(status -> {
                try {
                    insert(xid, branchId, actionName, CommonFenceConstant.STATUS_TRIED);
                    return targetCallback.execute();
                } catch (Throwable failure) {
                    status.setRollbackOnly();
                    throw new SkipCallbackWrapperException(failure);
                }
            });
            metrics.record(actionName, "try", TccMetrics.Outcome.TRIED, started);
            return result;
        } catch (SkipCallbackWrapperException e) {
            Throwable failure = e.getCause() instanceof CommonFenceException fence
                    && fence.getErrcode() == FrameworkErrorCode.DuplicateKeyException
                    ? new ParticipantRefusedException(RefusalReason.BRANCH_ALREADY_FINISHED,
                            "Branch " + branchId + " of " + xid + " was already tried or cancelled")
                    : e.getCause();
            metrics.record(actionName, "try", TccMetrics.outcomeOfFailedTry(failure), started);
            // Seata's interceptor unwraps this and rethrows the cause to the caller
            throw new SkipCallbackWrapperException(failure);
        }
    }

    /**
     * Phase one for a caller other than Seata's TCC interceptor — a saga step keyed by {@link SagaBranch}:
     * {@code work} runs in the same local transaction as the TRIED record. A branch that already has a record
     * (tried before, or compensated first) is refused with {@code BRANCH_ALREADY_FINISHED} and nothing runs.
     */
    @SuppressWarnings("unchecked")
    public <T> T tryOnce(String xid, long branchId, String actionName, Supplier<T> work) {
        try {
            return (T) prepareFence(xid, branchId, actionName, work::get);
        } catch (SkipCallbackWrapperException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    /**
     * A saga step whose outcome became final outside the saga — an external payment the provider collected: its TRIED
     * record becomes COMMITTED, so it is no longer counted in doubt and the cleanup removes it after the horizon. Only
     * a TRIED record of {@code actionName} changes (never a TCC branch's, which only the TC may finish); no record, or
     * one already finished, changes nothing. {@code true} if this call finished it.
     */
    public boolean finishTried(String xid, long branchId, String actionName) {
        Integer changed = transactions.execute(status -> {
            try (PreparedStatement update = connection().prepareStatement("UPDATE " + table
                    + " SET status = ?, gmt_modified = ? WHERE xid = ? AND branch_id = ? AND action_name = ? AND status = ?")) {
                update.setInt(1, CommonFenceConstant.STATUS_COMMITTED);
                update.setTimestamp(2, Timestamp.from(clock.instant()));
                update.setString(3, xid);
                update.setLong(4, branchId);
                update.setString(5, actionName);
                update.setInt(6, CommonFenceConstant.STATUS_TRIED);
                return update.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("fence record of " + xid + "/" + branchId + " not finished", e);
            }
        });
        return changed != null && changed == 1;
    }

    @Override
    public boolean commitFence(Method commitMethod, Object targetTCCBean, String xid, Long branchId, Object[] args) {
        return traces.phaseTwo("confirm", contextOf(args),
                () -> confirm(xid, branchId, actionName(args), () -> invoke(commitMethod, targetTCCBean, args)));
    }

    /**
     * Phase two, commit: moves the branch from TRIED to COMMITTED and runs {@code work} in the same local
     * transaction. {@code true} when the branch is (now or already) committed; {@code false} when it went the
     * other way (rolled back or suspended) or {@code work} answered false.
     */
    public boolean confirm(String xid, long branchId, String action, BooleanSupplier work) {
        long started = System.nanoTime();
        try {
            TccMetrics.Outcome outcome = transactions.execute(status -> {
                CommonFenceDO record = records.queryCommonFenceDO(connection(), xid, branchId);
                if (record == null) {
                    // a Confirm without a Try cannot happen for a branch the TC committed: fail, so the TC retries
                    // and the branch stays visible as in doubt, rather than pretending it was confirmed
                    throw new CommonFenceException("No fence record for " + xid + "/" + branchId + "; cannot confirm",
                            FrameworkErrorCode.RecordNotExists);
                }
                return switch (record.getStatus()) {
                    case CommonFenceConstant.STATUS_COMMITTED -> TccMetrics.Outcome.NO_EFFECT;
                    case CommonFenceConstant.STATUS_TRIED ->
                            finish(xid, branchId, CommonFenceConstant.STATUS_COMMITTED, work, status)
                                    ? TccMetrics.Outcome.CONFIRMED : TccMetrics.Outcome.FAILED;
                    default -> null; // rolled back or suspended: a Confirm in the other direction does nothing
                };
            });
            if (outcome == null) {
                metrics.record(action, "confirm", TccMetrics.Outcome.NO_EFFECT, started);
                return false; // as Seata: the TC keeps the branch failed and visible
            }
            metrics.record(action, "confirm", outcome, started);
            return outcome != TccMetrics.Outcome.FAILED;
        } catch (RuntimeException e) {
            metrics.record(action, "confirm", TccMetrics.Outcome.FAILED, started);
            throw e;
        }
    }

    @Override
    public boolean rollbackFence(Method rollbackMethod, Object targetTCCBean, String xid, Long branchId, Object[] args,
                                 String actionName) {
        return traces.phaseTwo("cancel", contextOf(args),
                () -> cancel(xid, branchId, actionName, () -> invoke(rollbackMethod, targetTCCBean, args)));
    }

    /**
     * Phase two, rollback: moves the branch from TRIED to ROLLBACKED and runs {@code work} in the same local
     * transaction; a branch with no record gets a SUSPENDED one (null compensation), which refuses a late Try.
     * {@code true} when the branch is (now or already) rolled back or suspended; {@code false} if it was committed.
     */
    public boolean cancel(String xid, long branchId, String actionName, BooleanSupplier work) {
        long started = System.nanoTime();
        try {
            for (int round = 0; round < RACE_ROUNDS; round++) {
                TccMetrics.Outcome outcome;
                try {
                    outcome = transactions.execute(status -> {
                        CommonFenceDO record = records.queryCommonFenceDO(connection(), xid, branchId);
                        if (record == null) {
                            // Cancel before (or without) its Try: record it, so that a late Try is refused
                            insert(xid, branchId, actionName, CommonFenceConstant.STATUS_SUSPENDED);
                            return TccMetrics.Outcome.NULL_COMPENSATED;
                        }
                        return switch (record.getStatus()) {
                            case CommonFenceConstant.STATUS_ROLLBACKED, CommonFenceConstant.STATUS_SUSPENDED -> TccMetrics.Outcome.NO_EFFECT;
                            case CommonFenceConstant.STATUS_TRIED ->
                                    finish(xid, branchId, CommonFenceConstant.STATUS_ROLLBACKED, work, status)
                                            ? TccMetrics.Outcome.CANCELLED : TccMetrics.Outcome.FAILED;
                            default -> null; // committed: a Cancel in the other direction does nothing
                        };
                    });
                } catch (CommonFenceException e) {
                    if (e.getErrcode() == FrameworkErrorCode.DuplicateKeyException) {
                        continue; // a Try or another Cancel inserted the record first: read it and decide again
                    }
                    throw e;
                }
                if (outcome == null) {
                    metrics.record(actionName, "cancel", TccMetrics.Outcome.NO_EFFECT, started);
                    return false;
                }
                metrics.record(actionName, "cancel", outcome, started);
                return outcome != TccMetrics.Outcome.FAILED;
            }
            throw new IllegalStateException("Cancel of " + xid + "/" + branchId + " kept losing races; the TC will retry");
        } catch (RuntimeException e) {
            metrics.record(actionName, "cancel", TccMetrics.Outcome.FAILED, started);
            throw e;
        }
    }

    /** Deletes finished fence rows (committed, rolled back, suspended) last changed before {@code datetime}. */
    @Override
    public int deleteFenceByDate(Date datetime) {
        return deleteFinishedBefore(new Timestamp(datetime.getTime()));
    }

    /** All fence rows are branch records (MySQL participants have no one-off records). */
    @Override
    public int deleteFinished(Instant horizon, Instant oneOffHorizon) {
        return deleteFinishedBefore(Timestamp.from(horizon));
    }

    /**
     * One row at a time by its own status and age — never by XID, never a row still in doubt (TRIED) — in
     * batches so a large backlog does not hold long locks.
     */
    int deleteFinishedBefore(Timestamp horizon) {
        int deleted = 0;
        while (true) {
            Integer batch = transactions.execute(status -> {
                try (PreparedStatement delete = connection().prepareStatement("DELETE FROM " + table
                        + " WHERE status IN (?, ?, ?) AND gmt_modified < ? LIMIT 500")) {
                    delete.setInt(1, CommonFenceConstant.STATUS_COMMITTED);
                    delete.setInt(2, CommonFenceConstant.STATUS_ROLLBACKED);
                    delete.setInt(3, CommonFenceConstant.STATUS_SUSPENDED);
                    delete.setTimestamp(4, horizon);
                    return delete.executeUpdate();
                } catch (SQLException e) {
                    throw new IllegalStateException("fence cleanup failed", e);
                }
            });
            deleted += batch == null ? 0 : batch;
            if (batch == null || batch < 500) {
                return deleted;
            }
        }
    }

    /** Publishes, per action, how many branches are tried and not yet confirmed or cancelled, and since when. */
    @Override
    public void publishInDoubt() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT action_name, SUM(status = ?), MIN(CASE WHEN status = ? "
                     + "THEN gmt_create END) FROM " + table + " GROUP BY action_name")) {
            query.setInt(1, CommonFenceConstant.STATUS_TRIED);
            query.setInt(2, CommonFenceConstant.STATUS_TRIED);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Timestamp oldest = rows.getTimestamp(3);
                    metrics.inDoubt(rows.getString(1), rows.getLong(2), oldest == null ? null : oldest.toInstant(), clock.instant());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count in-doubt branches", e);
        }
    }

    private void insert(String xid, Long branchId, String actionName, int status) {
        CommonFenceDO record = new CommonFenceDO();
        record.setXid(xid);
        record.setBranchId(branchId);
        record.setActionName(actionName);
        record.setStatus(status);
        if (!records.insertCommonFenceDO(connection(), record)) {
            throw new CommonFenceException("Fence record of " + xid + "/" + branchId + " not inserted", FrameworkErrorCode.InsertRecordError);
        }
    }

    /** Moves the record from TRIED to {@code status} and runs the phase's work in the same local transaction. */
    private boolean finish(String xid, Long branchId, int status, BooleanSupplier work, TransactionStatus transaction) {
        if (!records.updateCommonFenceDO(connection(), xid, branchId, status, CommonFenceConstant.STATUS_TRIED)) {
            return false;
        }
        boolean done = work.getAsBoolean();
        if (!done) {
            transaction.setRollbackOnly();
        }
        return done;
    }

    /** A TCC action's Confirm or Cancel, as Seata hands it over: true unless the method answered false. */
    private static boolean invoke(Method method, Object bean, Object[] args) {
        try {
            Object result = method.invoke(bean, args);
            return result == null || Boolean.TRUE.equals(result);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection connection() {
        return DataSourceUtils.getConnection(dataSource);
    }

    private static BusinessActionContext contextOf(Object[] args) {
        for (Object arg : args) {
            if (arg instanceof BusinessActionContext context) {
                return context;
            }
        }
        return null;
    }

    private static String actionName(Object[] args) {
        for (Object arg : args) {
            if (arg instanceof BusinessActionContext context && context.getActionName() != null) {
                return context.getActionName();
            }
        }
        return "unknown";
    }
}
