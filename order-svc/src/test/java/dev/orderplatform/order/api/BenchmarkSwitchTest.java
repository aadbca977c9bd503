package dev.orderplatform.order.api;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.orderplatform.kit.web.ProblemDetailsAdvice;
import dev.orderplatform.order.tcc.BenchmarkCheckouts;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * Without {@code --bench} (every shipped configuration) there is no benchmark flow bean, and a request that asks
 * for one is refused with a 400 problem before anything is stored: the controller gets no store, no checkout, no
 * idempotency guard and no rate limit here, so touching any of them would fail the test.
 */
class BenchmarkSwitchTest {

    private final MockMvc mvc = MockMvcBuilders
            .standaloneSetup(new OrderController(null, null, null, null,
                    new StaticListableBeanFactory().getBeanProvider(BenchmarkCheckouts.class),
                    null, null, Clock.systemUTC(), Duration.ofSeconds(60), Duration.ofMinutes(15)))
            .setControllerAdvice(new ProblemDetailsAdvice())
            .build();

    @Test
    void aShippedOrderServiceRefusesTheBenchmarkHeaderAndWritesNothing() throws Exception {
        mvc.perform(post("/api/orders").header("Idempotency-Key", "k-1").header("X-Benchmark-Flow", "baseline")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"userId\":\"u1\",\"items\":[{\"sku\":\"MUG\",\"quantity\":1}],\"payment\":\"WALLET\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("validation-failed"))
                .andExpect(jsonPath("$.errors['X-Benchmark-Flow']").value("is accepted only by a stack started for benchmarks (./stack up --bench)"));
    }
}
