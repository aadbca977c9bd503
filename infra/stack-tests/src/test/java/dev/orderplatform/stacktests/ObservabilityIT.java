package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.externalOrder;
import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the dashboard of {@code deploy/observability} name only metrics the running services export: an
 * alert on a series nobody exports never fires. The services are scraped as Prometheus scrapes them (the metrics token),
 * after a wallet and an external checkout, so the series that appear with the first order exist.
 */
class ObservabilityIT {

    private static final List<String> SERVICES = List.of("order-svc", "inventory-svc", "payment-svc", "points-svc");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "bool", "offset", "inf", "nan");

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("ob");

    @Test
    void everyMetricTheAlertsAndTheDashboardNameIsExported() throws IOException {
        String sku = data.sku("SKU");
        String user = data.user("ops");
        assertThat(api.restock(sku, 100, 10).status()).isEqualTo(201);
        assertThat(api.topUp(user, 10_000).status()).isEqualTo(201);
        assertThat(api.placeOrder(TestData.key(), walletOrder(user, List.of(item(sku, 1)), 0)).status()).isEqualTo(201);
        assertThat(api.placeOrder(TestData.key(), externalOrder(user, List.of(item(sku, 1)), 0)).status()).isEqualTo(202);

        Set<String> exported = new TreeSet<>();
        for (String service : SERVICES) {
            for (String url : stack.urls(service)) {
                Answer scrape = api.send(api.request(url + "/actuator/prometheus")
                        .header("Authorization", "Bearer " + stack.token("metrics")).GET());
                assertThat(scrape.status()).as("%s scraped with the metrics token", url).isEqualTo(200);
                for (String line : scrape.raw().body().split("\n")) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        exported.add(line.split("[{ ]", 2)[0]);
                    }
                }
            }
        }

        Path observability = RunningStack.repositoryRoot().resolve("deploy/observability");
        List<String> queries = new ArrayList<>(new ObjectMapper().readTree(observability.resolve("grafana/order-platform.json").toFile())
                .findValuesAsText("expr"));
        Matcher expr = Pattern.compile("(?m)^\\s+expr: (\\|\\n(?:\\s{10,}.*\\n?)+|.*)$")
                .matcher(Files.readString(observability.resolve("prometheus/alerts.yml")));
        while (expr.find()) {
            queries.add(expr.group(1));
        }
        assertThat(queries).hasSizeGreaterThan(20);

        Set<String> named = new TreeSet<>();
        queries.forEach(query -> named.addAll(metricNames(query)));
        assertThat(named).as("metric names read from the queries").contains("orders_outcomes_total", "platform_dependency_up");
        assertThat(exported).as("what the services export").containsAll(named);
    }

    /** The series a PromQL query selects: its identifiers, without functions, label sets, ranges, strings and keywords. */
    static Set<String> metricNames(String query) {
        String bare = query.replaceAll("\"[^\"]*\"", "")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(\\s*\\()?").matcher(bare);
        while (identifier.find()) {
            String word = identifier.group(1);
            boolean function = identifier.group(2) != null;
            if (!function && !PROMQL_WORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }
}
