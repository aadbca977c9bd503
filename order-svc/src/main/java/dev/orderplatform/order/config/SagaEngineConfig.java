package dev.orderplatform.order.config;

import io.seata.saga.engine.StateMachineConfig;
import io.seata.saga.engine.StateMachineEngine;
import io.seata.saga.rm.StateMachineEngineHolder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The saga engine (state in this service's MySQL database, configured by seata.saga.* in application.yml; the
 * definitions come from the saga-definitions module). Declared here only to use {@link StartParamsReplayingEngine};
 * Seata's auto-configuration still builds the {@link StateMachineConfig}.
 */
@Configuration(proxyBeanMethods = false)
public class SagaEngineConfig {

    @Bean
    StateMachineEngine stateMachineEngine(StateMachineConfig config) {
        StartParamsReplayingEngine engine = new StartParamsReplayingEngine();
        engine.setStateMachineConfig(config);
        // the TC's recovery reaches the engine through this holder; without it recovery fails (#6603)
        new StateMachineEngineHolder().setStateMachineEngine(engine);
        return engine;
    }
}
