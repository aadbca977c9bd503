package dev.orderplatform.stacktests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.RunningStack;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Nacos, asked directly, lists every service instance and the Seata TC. */
class DiscoveryIT {

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);

    @ParameterizedTest
    @ValueSource(strings = {"order-svc", "inventory-svc", "payment-svc", "points-svc"})
    void everyInstanceOfEveryServiceIsRegisteredAndHealthy(String service) {
        List<Integer> ports = new ArrayList<>();
        for (JsonNode host : instances(service, "DEFAULT_GROUP")) {
            assertThat(host.path("healthy").asBoolean()).isTrue();
            ports.add(host.path("port").asInt());
        }
        List<Integer> expected = stack.urls(service).stream()
                .map(url -> Integer.parseInt(url.substring(url.lastIndexOf(':') + 1))).toList();
        assertThat(ports).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theTransactionCoordinatorIsRegistered() {
        assertThat(instances("seata-server", "SEATA_GROUP")).singleElement()
                .satisfies(host -> assertThat(host.path("port").asInt()).isEqualTo(8091));
    }

    private JsonNode instances(String service, String group) {
        return api.get(stack.readStatus().get("nacos").path("url").asText() + "/v1/ns/instance/list?serviceName=" + service
                + "&groupName=" + group + "&healthyOnly=true").body().path("hosts");
    }
}
