package dev.orderplatform.order.compensation;

import dev.orderplatform.kit.faults.FaultHooks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * The scheduled straggler job: on one order-svc instance at a time (ShedLock), finds the stragglers the first-line
 * recovery left behind, and tries each that is due: success is recorded (and audited), failure pushes the next
 * attempt out with backoff, and the last allowed failure parks it — counted in {@code stragglers.parked}, listed
 * first for operators, never retried by the job again. Each run is recorded in {@code straggler_job_runs}.
 *
 * <p>Metrics: {@code stragglers.parked} (gauge: parked and unresolved, for alerting),
 * {@code stragglers.attempts{result=resolved|failed|parked}} (counter).
 */
@Component
public class StragglerJob {

    /** Fault point: the start of a run (a test holds the job here to look at stragglers before it acts). */
    public static final String RUN = "stragglers/RUN";

    private static final Logger log = LoggerFactory.getLogger(StragglerJob.class);

    private final StragglerFinder finder;
    private final StragglerResolution resolution;
    private final StragglerLedger ledger;
    private final AdminAudit audit;
    private final StragglerSettings settings;
    private final JdbcTemplate jdbc;
    private final FaultHooks faults;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String instance;
    private final ExecutorService workers;
    private final AtomicInteger parked = new AtomicInteger();

    public StragglerJob(StragglerFinder finder, StragglerResolution resolution, StragglerLedger ledger, AdminAudit audit,
                        StragglerSettings settings, JdbcTemplate jdbc, FaultHooks faults, Clock clock, MeterRegistry meters,
                        @Value("${spring.application.name}:${server.port}") String instance) {
        this.finder = finder;
        this.resolution = resolution;
        this.ledger = ledger;
        this.audit = audit;
        this.settings = settings;
        this.jdbc = jdbc;
        this.faults = faults;
        this.clock = clock;
        this.meters = meters;
        // visible at zero from the start, so a dashboard or an alert can watch them before the first straggler
        List.of("resolved", "parked", "failed").forEach(result -> counter(result));
        this.instance = instance;
        this.workers = Executors.newFixedThreadPool(settings.workers(), new CustomizableThreadFactory("straggler-"));
        Gauge.builder("stragglers.parked", parked, AtomicInteger::get)
                .description("Stragglers parked after too many failed attempts, waiting for an operator").register(meters);
    }

    @Scheduled(fixedDelayString = "${platform.stragglers.job-interval}", initialDelayString = "${platform.stragglers.job-interval}")
    @SchedulerLock(name = "stragglers", lockAtMostFor = "PT5M")
    public void run() {
        faults.at(RUN);
        long runNo = begin();
        int examined = 0;
        AtomicInteger resolved = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger newlyParked = new AtomicInteger();
        try {
            StragglerFinder.Found found = finder.find(new StragglerFinder.Query(settings.after(), settings.batch(), Set.of(), null, null));
            List<Future<?>> attempts = new ArrayList<>();
            for (Straggler straggler : found.stragglers()) {
                if (!straggler.dueAt(clock.instant())) {
                    continue;
                }
                examined++;
                attempts.add(workers.submit(() -> attempt(straggler, resolved, failed, newlyParked)));
            }
            for (Future<?> attempt : attempts) {
                attempt.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            log.warn("Straggler run {} stopped early: {}", runNo, e.toString());
        } finally {
            parked.set(ledger.parkedCount());
            jdbc.update("UPDATE straggler_job_runs SET finished_at = ?, examined = ?, resolved = ?, failed = ?, parked = ? WHERE run_no = ?",
                    Timestamp.from(clock.instant()), examined, resolved.get(), failed.get(), newlyParked.get(), runNo);
        }
    }

    private void attempt(Straggler straggler, AtomicInteger resolved, AtomicInteger failed, AtomicInteger newlyParked) {
        StragglerResolution.Plan plan = null;
        try {
            plan = resolution.assess(straggler);
            String done = resolution.execute(plan);
            ledger.resolved(straggler, plan.action() + ": " + done);
            audit.record(AdminAudit.JOB, "resolve", straggler.id(), null, null, "DONE", plan.action() + " (" + plan.evidence() + "): " + done);
            resolved.incrementAndGet();
            count("resolved");
        } catch (RuntimeException e) {
            String why = (plan == null ? "" : plan.action() + ": ") + (e.getMessage() != null ? e.getMessage() : e.toString());
            if (ledger.failed(straggler, why)) {
                log.warn("Parked straggler {} after {} attempts: {}", straggler.id(), settings.maxAttempts(), why);
                audit.record(AdminAudit.JOB, "park", straggler.id(), null, null, "PARKED", why);
                newlyParked.incrementAndGet();
                count("parked");
            } else {
                failed.incrementAndGet();
                count("failed");
            }
        }
    }

    private long begin() {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO straggler_job_runs (instance, started_at) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS);
            insert.setString(1, instance);
            insert.setTimestamp(2, Timestamp.from(clock.instant()));
            return insert;
        }, key);
        return key.getKey().longValue();
    }

    private void count(String result) {
        counter(result).increment();
    }

    private Counter counter(String result) {
        return Counter.builder("stragglers.attempts").description("Attempts of the straggler job to finish a straggler, by result")
                .tag("result", result).register(meters);
    }
}
