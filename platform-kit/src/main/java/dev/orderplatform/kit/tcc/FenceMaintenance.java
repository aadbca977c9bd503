package dev.orderplatform.kit.tcc;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Housekeeping of a participant's fence records, on every instance: publishes the in-doubt gauges and deletes
 * finished records older than the horizon. Both are idempotent and cheap, so instances need no coordination.
 */
public class FenceMaintenance {

    /** A store of fence records (the MySQL fence table, a Mongo collection with fenced documents). */
    public interface FencedStore {
        /** Deletes finished records last changed before {@code horizon} (one-off records: {@code oneOffHorizon}). */
        int deleteFinished(Instant horizon, Instant oneOffHorizon);

        /** Publishes how many branches are in doubt, and since when ({@link TccMetrics#inDoubt}). */
        void publishInDoubt();
    }

    private static final Logger log = LoggerFactory.getLogger(FenceMaintenance.class);

    private final List<FencedStore> stores;
    private final TccSettings settings;
    private final Clock clock;

    public FenceMaintenance(List<FencedStore> stores, TccSettings settings, Clock clock) {
        this.stores = stores;
        this.settings = settings;
        this.clock = clock;
    }

    /** What a cleanup run did. */
    public record Cleanup(int deleted, Instant horizon, Instant oneOffHorizon) {
    }

    @Scheduled(fixedDelayString = "${platform.tcc.fence-cleanup.interval}", initialDelayString = "${platform.tcc.fence-cleanup.interval}")
    public Cleanup cleanUp() {
        Instant now = clock.instant();
        Instant horizon = now.minus(settings.fenceCleanup().horizon());
        Instant oneOffHorizon = now.minus(settings.fenceCleanup().oneOffHorizon());
        int deleted = 0;
        for (FencedStore store : stores) {
            deleted += store.deleteFinished(horizon, oneOffHorizon);
        }
        if (deleted > 0) {
            log.info("Deleted {} finished fence records last changed before {}", deleted, horizon);
        }
        return new Cleanup(deleted, horizon, oneOffHorizon);
    }

    @Scheduled(fixedDelay = 10_000, initialDelay = 5_000)
    public void publishInDoubt() {
        for (FencedStore store : stores) {
            try {
                store.publishInDoubt();
            } catch (RuntimeException e) {
                log.warn("Cannot count in-doubt branches: {}", e.toString());
            }
        }
    }
}
