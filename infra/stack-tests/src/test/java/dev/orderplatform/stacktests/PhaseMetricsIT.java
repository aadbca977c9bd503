package dev.orderplatform.stacktests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Every participant reports its TCC phases by action, phase and outcome, and how many branches are in doubt
 * and for how long, at /actuator/prometheus.
 */
class PhaseMetricsIT {

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("pm");

    @Test
    void phasesAndInDoubtReservationsAreMeasured() {
        String sku = data.sku("SKU");
        assertThat(api.restock(sku, 100, 10).status()).isEqualTo(201);
        String instance = stack.urls("inventory-svc").get(0);
        String before = prometheus(instance);
        long base = System.nanoTime();

        call(instance, "TRY", sku, Instant.now().plusSeconds(30), base + 1);                  // tried
        call(instance, "CONFIRM", sku, Instant.now().plusSeconds(30), base + 1);              // confirmed
        call(instance, "CANCEL", sku, Instant.now().plusSeconds(30), base + 2);               // null-compensated
        call(instance, "TRY", sku, Instant.now().plusSeconds(30), base + 2);                  // hanging-refused
        call(instance, "TRY", sku, Instant.now().minusSeconds(1), base + 3);                  // deadline-refused
        call(instance, "TRY", sku, Instant.now().plusSeconds(30), base + 4);                  // tried, left in doubt

        // what this test's own calls added, not what other tests left on the shared stack
        String after = prometheus(instance);
        Map<String, Double> expected = Map.of("tried", 2.0, "confirmed", 1.0, "null-compensated", 1.0,
                "hanging-refused", 1.0, "deadline-refused", 1.0);
        expected.forEach((outcome, calls) -> assertThat(phaseCount(after, outcome) - phaseCount(before, outcome))
                .as("outcome %s", outcome).isEqualTo(calls));
        Awaitility.await("the in-doubt Try is counted and aged").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                .until(() -> gauge(prometheus(instance), "tcc_reservations_in_doubt") >= 1
                        && gauge(prometheus(instance), "tcc_reservations_in_doubt_oldest") >= 1);

        double cancelledBefore = phaseCount(prometheus(instance), "cancelled");
        call(instance, "CANCEL", sku, Instant.now().plusSeconds(30), base + 4);
        assertThat(phaseCount(prometheus(instance), "cancelled") - cancelledBefore).as("outcome cancelled").isEqualTo(1.0);
    }

    /** {@code tcc_phase_seconds_count} of reserve-stock with {@code outcome}, summed over its other tags (0 if absent). */
    private static double phaseCount(String metrics, String outcome) {
        Matcher matcher = Pattern.compile("^tcc_phase_seconds_count\\{[^}]*action=\"reserve-stock\"[^}]*outcome=\"" + outcome + "\"[^}]*} (\\S+)$",
                Pattern.MULTILINE).matcher(metrics);
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return sum;
    }

    private void call(String instance, String phase, String sku, Instant deadline, long branch) {
        Api.Answer answer = api.send(api.internal(instance, "/internal/conformance/reserve-stock").POST(BodyPublishers.ofString(Api.write(Map.of(
                "phase", phase, "xid", "metrics:" + branch, "branchId", branch, "orderId", "metrics-" + branch,
                "subject", sku, "amount", 1, "deadline", deadline.toString())))));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("outcome").asText()).as(answer.toString()).isNotEqualTo("FAILED");
    }

    private String prometheus(String instance) {
        Api.Answer answer = api.send(api.admin(api.request(instance + "/actuator/prometheus")).GET());
        assertThat(answer.status()).isEqualTo(200);
        return answer.raw().body();
    }

    private static double gauge(String metrics, String name) {
        Matcher matcher = Pattern.compile("^" + name + "\\{[^}]*action=\"reserve-stock\"[^}]*} (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }
}
