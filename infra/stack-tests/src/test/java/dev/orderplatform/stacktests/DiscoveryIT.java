package dev.orderplatform.stacktests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.RawHttp;
import dev.orderplatform.kit.testing.RunningStack;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Nacos, asked directly, lists every service instance and the Seata TC. */
class DiscoveryIT {

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);

    @ParameterizedTest
    @ValueSource(strings = {"order-svc", "inventory-svc", "payment-svc", "points-svc", "gateway"})
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
    void nacosAnswersNoOneWithoutItsGeneratedCredentials() {
        String nacos = stack.url("nacos");
        assertThat(api.get(nacos + "/v1/ns/instance/list?serviceName=order-svc").status()).as("no token").isEqualTo(403);
        // Nacos 2.3 answers a failed login with the status line "HTTP/1.1 0", which java.net.http refuses to read
        RawHttp.Reply defaultLogin = RawHttp.send(nacos, "POST", "/nacos/v1/auth/login",
                Map.of("Content-Type", "application/x-www-form-urlencoded"), "username=nacos&password=nacos");
        assertThat(defaultLogin.status()).as("the default password was never usable: " + defaultLogin).isNotEqualTo(200);
        assertThat(defaultLogin.body()).doesNotContain("accessToken");
        assertThat(form(nacos + "/v1/ns/instance", "serviceName=order-svc&ip=10.6.6.6&port=6666").status())
                .as("no stranger registers itself as order-svc").isEqualTo(403);
        assertThat(instances("order-svc", "DEFAULT_GROUP").findValuesAsText("ip")).doesNotContain("10.6.6.6");
    }

    private Api.Answer form(String url, String body) {
        return api.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void theTransactionCoordinatorIsRegistered() {
        assertThat(instances("seata-server", "SEATA_GROUP")).singleElement()
                .satisfies(host -> assertThat(host.path("port").asInt()).isEqualTo(8091));
    }

    private JsonNode instances(String service, String group) {
        return api.get(stack.url("nacos") + "/v1/ns/instance/list?serviceName=" + service
                + "&groupName=" + group + "&healthyOnly=true&accessToken=" + stack.nacosAccessToken()).body().path("hosts");
    }
}
