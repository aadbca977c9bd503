package dev.orderplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An A/B table from two runs' {@code results.json} — the commit before a change and the commit after it, measured back
 * to back in one session (this machine drifts ±15 % between sessions, so only runs side by side compare). For every
 * scenario and load point both runs measured: throughput, p50, p99 and CPU per checkout above idle, before → after,
 * and the ratio after ÷ before.
 *
 * <pre>java -cp 'benchmarks/target/benchmarks.jar:benchmarks/target/lib/*' dev.orderplatform.bench.AbComparison \
 *     before/results.json after/results.json</pre>
 */
public final class AbComparison {

    private AbComparison() {
    }

    /** One row's numbers. */
    record Row(double throughput, double p50, double p99, double cpuAboveIdle) {
    }

    /** The command's own output: the table, for redirecting into a file (as BenchmarkMain's console). */
    private static final PrintStream CONSOLE = System.out;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: AbComparison <before/results.json> <after/results.json>");
        }
        CONSOLE.print(markdown(Files.readString(Path.of(args[0])), Files.readString(Path.of(args[1]))));
    }

    static String markdown(String beforeJson, String afterJson) throws IOException {
        Map<String, Row> before = rows(beforeJson);
        Map<String, Row> after = rows(afterJson);
        StringBuilder md = new StringBuilder("| load | scenario | checkouts/s before → after | × | p50 ms before → after "
                + "| p99 ms before → after | CPU ms/checkout above idle before → after | × |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        after.forEach((key, a) -> {
            Row b = before.get(key);
            if (b == null) {
                return; // measured in one run only (e.g. a scenario the earlier commit did not have)
            }
            String[] loadAndScenario = key.split("\t");
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f → %.1f | %.2f | %.1f → %.1f | %.1f → %.1f | %.1f → %.1f | %.2f |%n",
                    loadAndScenario[0], loadAndScenario[1], b.throughput(), a.throughput(), ratio(a.throughput(), b.throughput()),
                    b.p50(), a.p50(), b.p99(), a.p99(), b.cpuAboveIdle(), a.cpuAboveIdle(), ratio(a.cpuAboveIdle(), b.cpuAboveIdle())));
        });
        return md.toString();
    }

    /** Rows keyed by load label and scenario, in the order the run wrote them. */
    static Map<String, Row> rows(String resultsJson) throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (JsonNode result : new ObjectMapper().readTree(resultsJson).path("results")) {
            String load = switch (result.path("load").asText()) {
                case "closed" -> result.path("loadValue").asInt() + " clients";
                case "open" -> result.path("loadValue").asInt() + "/s open";
                default -> "½ max open"; // its rate is each run's own half of its maximum
            };
            rows.put(load + "\t" + result.path("scenario").asText(), new Row(result.path("throughputPerSecond").asDouble(),
                    result.path("p50Ms").asDouble(), result.path("p99Ms").asDouble(), result.path("cpuMsPerCheckoutAboveIdle").asDouble()));
        }
        return rows;
    }

    private static double ratio(double after, double before) {
        return before == 0 ? 0 : after / before;
    }
}
