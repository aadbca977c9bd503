package dev.orderplatform.kit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.kit.conformance.ConformanceEndpoint;
import dev.orderplatform.kit.conformance.ConformanceTarget;
import java.util.List;

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

    @Override
    public JsonNode call(String phase, String entity, ParticipantConformance.Branch branch, long amount, java.time.Instant deadline,
                         int instance) {
        ConformanceEndpoint.Result result = endpoint.run(action, new ConformanceEndpoint.Call(ConformanceEndpoint.Phase.valueOf(phase),
                branch.xid(), branch.branchId(), "conf-" + branch.branchId(), entity, amount, deadline));
        return json.valueToTree(result);
    }
}
