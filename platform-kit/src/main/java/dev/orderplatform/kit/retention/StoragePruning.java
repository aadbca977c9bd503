package dev.orderplatform.kit.retention;

import dev.orderplatform.kit.jobs.RunBudget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Deletes what every {@link RetainedStore} of this service no longer needs: records finished longer ago than their
 * retention, in batches of {@code platform.retention.batch} (short statements, short locks), until a batch comes back
 * short or the run's budget ({@code platform.jobs.run-budget}) is spent; the rest waits for the next run. One
 * instance at a time runs it, under the service's ShedLock provider; a service without one runs it on every instance
 * (each delete re-checks its cut-off, so two runners only repeat work).
 */
public class StoragePruning {

    private static final Logger log = LoggerFactory.getLogger(StoragePruning.class);
    private static final String LOCK = "storage-pruning";

    private final List<RetainedStore> stores;
    private final RetentionSettings settings;
    private final Duration runBudget;
    private final Clock clock;
    private final LockingTaskExecutor lock;
    private final MeterRegistry meters;

    public StoragePruning(List<RetainedStore> stores, RetentionSettings settings, Duration runBudget, Clock clock,
                          LockProvider lockProvider, MeterRegistry meters) {
        this.stores = List.copyOf(stores);
        this.settings = settings;
        this.runBudget = runBudget;
        this.clock = clock;
        this.lock = lockProvider == null ? null : new DefaultLockingTaskExecutor(lockProvider);
        this.meters = meters;
        this.stores.forEach(store -> settings.keepOf(store.name())); // every store has a retention, or no start
    }

    /** What one run deleted, per store, and the cut-off it used for each; {@code ran} is false if another instance held the lock. */
    public record Run(boolean ran, Map<String, Pruned> stores) {
    }

    /** Records of one store deleted by a run, older than {@code before}; {@code complete} unless the budget ran out first. */
    public record Pruned(Instant before, long deleted, boolean complete) {
    }

    @Scheduled(fixedDelayString = "${platform.retention.interval}", initialDelayString = "${platform.retention.interval}")
    public void scheduled() {
        Run run = runNow();
        if (run.ran() && run.stores().values().stream().anyMatch(pruned -> pruned.deleted() > 0)) {
            log.info("Storage pruning deleted {}", run.stores());
        }
    }

    /** Runs the pruning now (unless another instance is running it). */
    public Run runNow() {
        if (lock == null) {
            return new Run(true, pruneAll());
        }
        Instant now = clock.instant();
        LockConfiguration configuration = new LockConfiguration(now, LOCK, runBudget.plus(runBudget), Duration.ZERO);
        try {
            LockingTaskExecutor.TaskResult<Map<String, Pruned>> result = lock.executeWithLock(this::pruneAll, configuration);
            return result.wasExecuted() ? new Run(true, result.getResult()) : new Run(false, Map.of());
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Pruned> pruneAll() {
        RunBudget budget = RunBudget.of(clock, runBudget);
        Map<String, Pruned> pruned = new LinkedHashMap<>();
        for (RetainedStore store : stores) {
            Instant before = clock.instant().minus(settings.keepOf(store.name()));
            long deleted = 0;
            boolean complete = false;
            while (!budget.spent()) {
                int batch = store.prune(before, settings.batch());
                deleted += batch;
                if (batch < settings.batch()) {
                    complete = true;
                    break;
                }
            }
            Counter.builder("platform.retention.pruned").description("Finished records deleted after their retention")
                    .tag("store", store.name()).register(meters).increment(deleted);
            pruned.put(store.name(), new Pruned(before, deleted, complete));
        }
        return pruned;
    }
}
