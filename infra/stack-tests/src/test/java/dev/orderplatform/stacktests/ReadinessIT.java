package dev.orderplatform.stacktests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.RunningStack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Readiness means ready: an instance reports ready ({@code /actuator/health/readiness} 200) only while every server it
 * needs answers — its database, Redis or MongoDB, the Seata TC, and RocketMQ where it publishes — and stops being
 * ready within seconds of one freezing ({@code kill -STOP}: sockets stay open, nothing answers, the hardest case to
 * notice). Liveness stays 200 throughout, so an outage takes instances out of rotation without getting them restarted.
 */
class ReadinessIT {

    private static final List<String> SERVICES = List.of("order-svc", "inventory-svc", "payment-svc", "points-svc");
    /** The check waits 2 s per server (platform.health.patience); a Redis command gives up after 1 s. */
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(15);

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final ExecutorService askers = Executors.newFixedThreadPool(8);
    /** The pid of the server a test froze, until it resumes it. */
    private Long frozen;

    @AfterEach
    void resumeEverything() {
        if (frozen != null) {
            stack.resume(frozen);
        }
        try {
            Awaitility.await("every instance ready again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> statuses("readiness").values().stream().allMatch(status -> status == 200));
        } finally {
            askers.shutdownNow();
        }
    }

    @Test
    void everyInstanceIsReadyAndAliveWhileEveryServerAnswers() {
        assertThat(statuses("readiness")).as("readiness").allSatisfy((instance, status) -> assertThat(status).isEqualTo(200));
        assertThat(statuses("liveness")).as("liveness").allSatisfy((instance, status) -> assertThat(status).isEqualTo(200));
        for (String url : stack.urls("points-svc")) {
            assertThat(api.get(url + "/actuator/health/readiness").body().path("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void aFrozenCoordinatorTakesEveryServiceOutOfRotationAndRestartsNone() {
        assertOutageTakesOutOnly("seata", Set.copyOf(SERVICES));
    }

    /**
     * The name server, not the broker: the check asks the name server for the brokers first, so this shows it DOWN as
     * well; freezing the broker itself makes RocketMQ's orderly consumers lose their queue locks and rebalance, and the
     * stock cache then lagged the database for minutes (3 in one run), which the next test tripped over.
     */
    @Test
    void aFrozenMessagingNameServerTakesOutTheServicesThatPublish() {
        assertOutageTakesOutOnly("rocketmq-namesrv", Set.of("order-svc", "inventory-svc"));
    }

    @Test
    void aFrozenRedisTakesOutTheServicesThatUseIt() {
        assertOutageTakesOutOnly("redis", Set.of("order-svc", "inventory-svc"));
    }

    @Test
    void aFrozenMongoTakesOutPoints() {
        assertOutageTakesOutOnly("mongo", Set.of("points-svc"));
    }

    private void assertOutageTakesOutOnly(String server, Set<String> needIt) {
        frozen = stack.suspend(server);
        Awaitility.await("every instance of " + needIt + " stops being ready while " + server + " is frozen")
                .atMost(NOTICED_WITHIN).pollInterval(Duration.ofMillis(500))
                .until(() -> statuses("readiness").entrySet().stream()
                        .filter(instance -> needIt.contains(serviceOf(instance.getKey())))
                        .allMatch(instance -> instance.getValue() == 503));
        Map<String, Integer> readiness = statuses("readiness");
        readiness.forEach((instance, status) -> assertThat(status)
                .as("%s ready while %s is frozen (it %s it)", instance, server, needIt.contains(serviceOf(instance)) ? "needs" : "does not need")
                .isEqualTo(needIt.contains(serviceOf(instance)) ? 503 : 200));
        assertThat(statuses("liveness")).as("liveness does not depend on %s", server)
                .allSatisfy((instance, status) -> assertThat(status).isEqualTo(200));

        stack.resume(frozen);
        frozen = null;
        Awaitility.await("ready again once " + server + " answers").atMost(NOTICED_WITHIN).pollInterval(Duration.ofMillis(500))
                .until(() -> statuses("readiness").values().stream().allMatch(status -> status == 200));
    }

    /**
     * The status of {@code /actuator/health/<probe>} per instance (its process name, e.g. order-svc-2), all asked at once:
     * an instance waiting on a frozen server takes up to its patience (2 s) per server to answer.
     */
    private Map<String, Integer> statuses(String probe) {
        Map<String, CompletableFuture<Integer>> asked = new TreeMap<>();
        for (String service : SERVICES) {
            for (String url : stack.urls(service)) {
                asked.put(stack.nameOf(url), CompletableFuture.supplyAsync(() -> api.get(url + "/actuator/health/" + probe).status(), askers));
            }
        }
        Map<String, Integer> statuses = new TreeMap<>();
        asked.forEach((instance, status) -> statuses.put(instance, status.join()));
        return statuses;
    }

    private static String serviceOf(String instance) {
        return instance.replaceFirst("-\\d+$", "");
    }
}
