package dev.orderplatform.kit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.kit.conformance.ConformanceEndpoint;
import dev.orderplatform.kit.conformance.ConformanceTarget;
import dev.orderplatform.kit.tracing.PhaseTwoTraces;
import dev.orderplatform.kit.tcc.JdbcTccFence;
import dev.orderplatform.kit.tcc.TccMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The conformance kit's {@link ParticipantConformance.Driver} inside a module's own tests: the participant's
 * {@link ConformanceTarget} (its real action and fence, on a store started in the test JVM) behind the same
 * {@link ConformanceEndpoint} logic the stack's HTTP endpoint runs, so both answer alike. One instance: the
 * {@code instance} argument is ignored.
 */
public final class InProcessConformance implements ParticipantConformance.Driver {

    private final ConformanceEndpoint endpoint;
    private final String action;
    private final ObjectMapper json = new ObjectMapper();

    public InProcessConformance(ConformanceTarget target) {
        this.endpoint = new ConformanceEndpoint(List.of(target));
        this.action = target.action();
    }

    /**
     * platform-kit's hardened fence over a MySQL participant's {@code tcc_fence_log}, installed as Seata's fence handler
     * as the service's auto-configuration does: for a module test's own small Spring context.
     */
    public static JdbcTccFence installedJdbcFence(DataSource dataSource, PlatformTransactionManager transactions, Clock clock) {
        JdbcTccFence fence = new JdbcTccFence(dataSource, transactions, new TccMetrics(new SimpleMeterRegistry()), clock,
                "tcc_fence_log", PhaseTwoTraces.off());
        fence.install();
        return fence;
    }

    /** The state of {@code branch}'s record in a MySQL participant's {@code tcc_fence_log}, as the kit names states. */
    public static Optional<String> seataFenceState(JdbcTemplate jdbc, ParticipantConformance.Branch branch) {
        return jdbc.queryForList("SELECT status FROM tcc_fence_log WHERE xid = ? AND branch_id = ?", Integer.class,
                branch.xid(), branch.branchId()).stream().findFirst().map(ParticipantConformance.SEATA_FENCE_STATES::get);
    }

    @Override
    public JsonNode call(String phase, String entity, ParticipantConformance.Branch branch, long amount, java.time.Instant deadline,
                         int instance) {
        ConformanceEndpoint.Result result = endpoint.run(action, new ConformanceEndpoint.Call(ConformanceEndpoint.Phase.valueOf(phase),
                branch.xid(), branch.branchId(), "conf-" + branch.branchId(), entity, amount, deadline));
        return json.valueToTree(result);
    }
}
