package dev.orderplatform.stacktests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.RunningStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What operators and tests rely on from ./stack: status, idempotent up, restart of a killed process, logs. */
class LauncherIT {

    private static final List<String> SERVERS = List.of("mariadb", "mongo", "redis", "payment-provider", "nacos", "seata",
            "rocketmq-namesrv", "rocketmq-broker", "zipkin");

    private final RunningStack stack = RunningStack.shared();

    @Test
    void statusListsEveryProcessAsJson() {
        Map<String, JsonNode> status = stack.readStatus();
        assertThat(status.keySet()).containsAll(SERVERS)
                .contains("order-svc", "inventory-svc", "payment-svc", "points-svc",
                        "order-svc-2", "inventory-svc-2", "payment-svc-2", "points-svc-2", "gateway");
        status.values().forEach(process -> {
            assertThat(process.path("state").asText()).as(process.toString()).isEqualTo("ready");
            assertThat(process.path("pid").asLong()).as(process.toString()).isPositive();
            assertThat(process.path("port").asInt()).as(process.toString()).isPositive();
            assertThat(process.path("url").asText()).as(process.toString()).isNotBlank();
            assertThat(ProcessHandle.of(process.path("pid").asLong())).as("pid of %s is alive", process).isPresent();
        });
    }

    @Test
    void upAgainStartsNothingAndAKilledProcessComesBackWithOneCommand() {
        Map<String, JsonNode> before = stack.readStatus();
        String output = stack.stack("up");
        assertThat(output).contains("already running");
        assertThat(stack.readStatus()).allSatisfy((name, process) ->
                assertThat(process.path("pid").asLong()).as(name).isEqualTo(before.get(name).path("pid").asLong()));

        long victim = before.get("points-svc-2").path("pid").asLong();
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        ProcessHandle.of(victim).ifPresent(handle -> handle.onExit().join());
        assertThat(stack.readStatus().get("points-svc-2").path("state").asText()).isEqualTo("stopped");

        stack.stack("up");

        Map<String, JsonNode> after = stack.readStatus();
        assertThat(after.get("points-svc-2").path("state").asText()).isEqualTo("ready");
        Api api = new Api(stack);
        assertThat(api.send(api.admin(api.request(after.get("points-svc-2").path("url").asText() + "/admin/fault-hooks")).GET()).status())
                .as("restarted as the stack was brought up: with --fault-hooks").isEqualTo(200);
        assertThat(after.get("points-svc-2").path("pid").asLong()).isNotEqualTo(victim);
        after.forEach((name, process) -> {
            if (!name.equals("points-svc-2")) {
                assertThat(process.path("pid").asLong()).as("%s left alone", name).isEqualTo(before.get(name).path("pid").asLong());
            }
        });
    }

    @Test
    void logsPrintAProcessesOutput() {
        // the whole log of a server that writes little; busy logs (tens of MB) are read from their end
        assertThat(stack.stack("logs", "redis")).contains("starting:").contains("Ready to accept connections");
        assertThat(stack.stack("logs", "seata", "-n", "3").lines()).hasSize(3);
        assertThat(stack.stack("logs", "order-svc", "-n", "3").lines()).hasSize(3);
    }
}
