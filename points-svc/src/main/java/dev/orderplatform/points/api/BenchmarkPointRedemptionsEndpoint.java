package dev.orderplatform.points.api;

import dev.orderplatform.kit.benchmark.BenchmarkFlow;
import dev.orderplatform.kit.contract.ParticipantContracts;
import dev.orderplatform.kit.contract.ParticipantContracts.FreezePoints;
import dev.orderplatform.kit.contract.ParticipantContracts.FrozenPoints;
import dev.orderplatform.kit.tcc.TryPhase;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.points.tcc.FreezePointsAction;
import io.seata.rm.tcc.api.BusinessActionContext;
import jakarta.validation.Valid;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Benchmark only ({@code ./stack up --bench}): redeems and earns an order's points with no global transaction —
 * freeze-points' Try and then its Confirm, called directly (outside a global transaction Seata's interceptor
 * passes them through) — for the benchmark's "baseline" flow. Their fence record lives in the same document
 * update as the points, so the baseline's writes are the TCC writes. The "at" flow keeps points on TCC: AT
 * cannot cover MongoDB. Absent from every shipped configuration.
 */
@RestController
@ConditionalOnProperty("platform.benchmark.enabled")
public class BenchmarkPointRedemptionsEndpoint {

    private final FreezePointsAction action;
    private final Clock clock;

    public BenchmarkPointRedemptionsEndpoint(FreezePointsAction action, Clock clock) {
        this.action = action;
        this.clock = clock;
    }

    @PostMapping(ParticipantContracts.BENCHMARK_POINT_REDEMPTIONS)
    public FrozenPoints redeem(@RequestHeader(value = BenchmarkFlow.HEADER, required = false) String flow,
                               @Valid @RequestBody FreezePoints request) {
        if (BenchmarkFlow.fromHeader(flow) != BenchmarkFlow.BASELINE) {
            throw Problems.validation(BenchmarkFlow.HEADER, "points run only the baseline flow this way");
        }
        // the fence keys its record by branch id alone (the TC's are unique), so each order needs its own
        long branchId = ThreadLocalRandom.current().nextLong(1L << 62, Long.MAX_VALUE);
        BusinessActionContext context = new BusinessActionContext("baseline:" + request.orderId(), Long.toString(branchId),
                new HashMap<>(Map.of(FreezePointsAction.USER_ID, request.userId())));
        long deadline = clock.instant().plusSeconds(30).toEpochMilli();
        TryPhase.run(() -> action.freeze(context, request.orderId(), request.userId(), deadline, request.redeemPoints(),
                request.earnPoints()));
        action.confirm(context);
        return new FrozenPoints(request.userId(), request.redeemPoints(), request.earnPoints());
    }
}
