package dev.orderplatform.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the dashboard, checked by Prometheus's own tool: the rules load, every alert fires on the series
 * that should raise it and stays quiet otherwise ({@code promtool test rules prometheus/alerts-test.yml}), and every
 * query of the dashboard is valid PromQL. promtool comes from Debian's {@code prometheus} package, which .ci/run
 * installs; where it cannot be had the tests say so loudly and are skipped, like the operator page's browser test.
 */
class AlertRulesTest {

    private static final Path PROMETHEUS = Path.of("observability", "prometheus");
    private static final Path DASHBOARD = Path.of("observability", "grafana", "order-platform.json");
    private static String promtool;

    @BeforeAll
    static void findPromtool() {
        for (String candidate : List.of("/usr/bin/promtool", "/usr/local/bin/promtool")) {
            if (Files.isExecutable(Path.of(candidate))) {
                promtool = candidate;
            }
        }
        if (promtool == null) {
            System.err.println("WARNING: promtool not found (Debian package 'prometheus'): the alert rule tests are SKIPPED");
        }
        assumeTrue(promtool != null, "promtool (Debian package 'prometheus') is not installed");
    }

    @Test
    void theRulesLoad() throws Exception {
        Result result = promtool(PROMETHEUS, "check", "rules", "alerts.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertFiresWhenItShouldAndOnlyThen() throws Exception {
        Result result = promtool(PROMETHEUS, "test", "rules", "alerts-test.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
        String rules = Files.readString(PROMETHEUS.resolve("alerts.yml"));
        String tests = Files.readString(PROMETHEUS.resolve("alerts-test.yml"));
        for (String alert : alertNames(rules)) {
            assertThat(tests).as("alerts-test.yml tests %s", alert).contains("alertname: " + alert);
        }
    }

    @Test
    void everyDashboardQueryIsValidPromQl() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("order-platform");
        List<String> queries = dashboard.findValuesAsText("expr");
        assertThat(queries).hasSizeGreaterThan(10);
        // promtool checks PromQL in rule files: every query becomes a recording rule of a throwaway file
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: dashboard:query_").append(i).append("\n        expr: ")
                    .append(new ObjectMapper().writeValueAsString(queries.get(i))).append('\n');
        }
        Path scratch = Files.createTempDirectory("dashboard-queries");
        Files.writeString(scratch.resolve("queries.yml"), rules);
        Result result = promtool(scratch, "check", "rules", "queries.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains(queries.size() + " rules found");
    }

    /**
     * Compose's Prometheus configuration loads, rules included ({@code promtool check config}); the paths it names inside
     * its container are pointed at the repository's files for the check. (Debian's promtool has no Kubernetes
     * discovery; KubernetesManifestsTest checks that configuration against its Deployment.)
     */
    @Test
    void thePrometheusConfigurationOfComposeLoads() throws Exception {
        Path scratch = Files.createTempDirectory("prometheus-config");
        Files.writeString(scratch.resolve("metrics-token"), "a-token\n");
        for (String name : List.of("prometheus.yml")) {
            String config = Files.readString(Path.of("config", "prometheus", name))
                    .replace("/etc/prometheus/rules/alerts.yml", PROMETHEUS.resolve("alerts.yml").toAbsolutePath().toString())
                    .replaceAll("credentials_file: \\S+", "credentials_file: " + scratch.resolve("metrics-token"));
            Files.writeString(scratch.resolve(name), config);
            Result result = promtool(scratch, "check", "config", name);
            assertThat(result.exitCode()).as(name + ": " + result.output()).isZero();
            assertThat(result.output()).as(name).contains("SUCCESS: 1 rule files found");
        }
    }

    static List<String> alertNames(String rules) {
        List<String> names = new ArrayList<>();
        for (String line : rules.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("- alert:")) {
                names.add(trimmed.substring("- alert:".length()).trim());
            }
        }
        return names;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result promtool(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(promtool));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
