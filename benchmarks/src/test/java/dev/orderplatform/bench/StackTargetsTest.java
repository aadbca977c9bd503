package dev.orderplatform.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StackTargetsTest {

    private static final String STATUS = """
            [{"name":"mariadb","pid":11,"port":3306,"url":"jdbc:mysql://127.0.0.1:3306","state":"ready"},
             {"name":"order-svc","pid":21,"port":8081,"url":"http://127.0.0.1:8081","state":"ready"},
             {"name":"order-svc-2","pid":22,"port":8181,"url":"http://127.0.0.1:8181","state":"ready"},
             {"name":"inventory-svc","pid":31,"port":8082,"url":"http://127.0.0.1:8082","state":"ready"},
             {"name":"payment-svc","pid":41,"port":8083,"url":"http://127.0.0.1:8083","state":"ready"},
             {"name":"points-svc","pid":51,"port":8084,"url":"http://127.0.0.1:8084","state":"ready"},
             {"name":"gateway","pid":61,"port":8080,"url":"http://127.0.0.1:8080","state":"ready"},
             {"name":"redis","pid":0,"port":6379,"url":"redis://elsewhere:6379","state":"ready"}]""";

    @Test
    void everyInstanceOfAServiceIsATargetAndEveryStartedProcessIsMetered() throws Exception {
        StackTargets stack = StackTargets.parse(STATUS);
        assertThat(stack.urls("order-svc")).containsExactly("http://127.0.0.1:8081", "http://127.0.0.1:8181");
        assertThat(stack.urls("points-svc")).containsExactly("http://127.0.0.1:8084");
        assertThat(stack.edge()).as("clients go through the gateway").isEqualTo("http://127.0.0.1:8080");
        assertThat(stack.pids()).as("a server provided from outside (pid 0) is not ours to meter; the edge is")
                .containsOnlyKeys("mariadb", "order-svc", "order-svc-2", "inventory-svc", "payment-svc", "points-svc", "gateway");
    }

    @Test
    void aStackThatIsNotReadyIsNotMeasured() {
        assertThatThrownBy(() -> StackTargets.parse(STATUS.replace("\"pid\":41,\"port\":8083,\"url\":\"http://127.0.0.1:8083\",\"state\":\"ready\"",
                "\"pid\":41,\"port\":8083,\"url\":\"http://127.0.0.1:8083\",\"state\":\"starting\"")))
                .hasMessageContaining("payment-svc is not ready");
    }
}
