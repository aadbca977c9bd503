package dev.orderplatform.order.config;

import io.seata.saga.engine.impl.ProcessCtrlStateMachineEngine;
import io.seata.saga.statelang.domain.StateMachineInstance;
import java.util.HashMap;
import java.util.Map;

/**
 * Seata 2.0.0's saga engine with its replay of a crashed instance fixed: {@code replayContextVariables} tests
 * the start parameters the wrong way round (apache/incubator-seata #6257, fixed in 2.1.0 by #6465), so an
 * instance recovered after its process died runs without its start parameters — every {@code $.[orderId]}
 * would be null. Here they are put back under the replayed outputs, as 2.1.0 does. Belt and braces: our steps
 * take nothing but the order id.
 */
public class StartParamsReplayingEngine extends ProcessCtrlStateMachineEngine {

    @Override
    protected Map<String, Object> replayContextVariables(StateMachineInstance instance) {
        Map<String, Object> start = instance.getStartParams();
        if (start == null) {
            instance.setStartParams(new HashMap<>()); // the inverted test would dereference null
        }
        Map<String, Object> context = new HashMap<>(start == null ? Map.of() : start);
        context.putAll(super.replayContextVariables(instance));
        return context;
    }
}
