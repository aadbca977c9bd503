package dev.orderplatform.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.gateway.config.EdgeProperties;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The edge's own decisions, one rule at a time (the stack tests drive them through the real gateway). */
class EdgeRulesTest {

    @Test
    void pathsThatAServiceWouldReadDifferentlyAreRefused() {
        assertThat(PathFirewall.acceptable("/api/orders/ord-1/events")).isTrue();
        assertThat(PathFirewall.acceptable("/admin")).isTrue();
        assertThat(PathFirewall.acceptable("/api/orders/..%2f..%2finternal/x")).isFalse();
        assertThat(PathFirewall.acceptable("/api/orders/../../internal/x")).isFalse();
        assertThat(PathFirewall.acceptable("/api/orders/./x")).isFalse();
        assertThat(PathFirewall.acceptable("//internal/x")).isFalse();
        assertThat(PathFirewall.acceptable("/admin;x=1/stragglers")).isFalse();
        assertThat(PathFirewall.acceptable("/api/orders%2F1")).isFalse();
        assertThat(PathFirewall.acceptable("/api/%2e%2e/internal")).isFalse();
        assertThat(PathFirewall.acceptable("/api\\orders")).isFalse();
        assertThat(PathFirewall.acceptable("/api/orders/%2525")).isFalse();
    }

    @Test
    void internalHeadersAreRecognisedInEverySpelling() {
        InternalHeaders shipped = new InternalHeaders(new EdgeProperties(1, 1, null, false));
        for (String name : new String[] {"TX_XID", "tx_xid", "Tx-Xid", "TX-XID", "TX_BRANCH_TYPE", "Tx-Deadline", "tx_deadline",
                "Service-Authorization", "SERVICE_AUTHORIZATION", "X-Benchmark-Flow"}) {
            assertThat(shipped.internal(name)).as(name).isTrue();
        }
        assertThat(shipped.internal("Authorization")).as("admin tokens go through").isFalse();
        assertThat(shipped.internal("Idempotency-Key")).isFalse();
        assertThat(shipped.internal("Last-Event-ID")).isFalse();
        assertThat(new InternalHeaders(new EdgeProperties(1, 1, null, true)).internal("X-Benchmark-Flow"))
                .as("a benchmark stack passes the flow switch").isFalse();
    }

    @Test
    void whatTheEdgeAnswersForEachFailure() {
        assertThat(EdgeProblems.problemFor(new ResponseStatusException(HttpStatus.NOT_FOUND)).type()).isEqualTo("not-found");
        assertThat(EdgeProblems.problemFor(new ConnectException("refused")).status()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(EdgeProblems.problemFor(new IOException("Connection prematurely closed BEFORE response")).status())
                .isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(EdgeProblems.problemFor(new TimeoutException()).status()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(EdgeProblems.problemFor(new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE)).headers())
                .containsKey("Retry-After");
        EdgeProblems.Problem limited = EdgeProblems.problemFor(new EdgeRefusal(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests",
                "slow down", Map.of("Retry-After", "1")));
        assertThat(limited.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(limited.headers()).containsEntry("Retry-After", "1");
        assertThat(EdgeProblems.problemFor(new IllegalStateException("bug")).status()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }
}
