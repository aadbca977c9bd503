package dev.orderplatform.kit.benchmark;

import dev.orderplatform.kit.web.Problems;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The checkout flows the benchmark compares (issue "Benchmark"), chosen per request with the
 * {@value #HEADER} header. Only a stack started with {@code ./stack up --bench} ({@code platform.benchmark.enabled})
 * accepts the header; every shipped configuration refuses it, so production always runs {@link #TCC}.
 */
public enum BenchmarkFlow {
    /** The same participant calls and writes, with no global transaction and no fence: the cost floor. */
    BASELINE("baseline"),
    /** Seata AT: stock and money written once under undo logs and global locks; points (MongoDB) stay TCC. */
    AT("at"),
    /** TCC with the stock participant only. */
    TCC_1("tcc-1"),
    /** TCC with stock and money. */
    TCC_2("tcc-2"),
    /** Wallet checkout as shipped: TCC with stock, money and points, fences on. */
    TCC("tcc");

    public static final String HEADER = "X-Benchmark-Flow";

    private final String label;

    BenchmarkFlow(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The flow a request names in {@value #HEADER}; a 400 problem naming the accepted values otherwise. */
    public static BenchmarkFlow fromHeader(String label) {
        if (label == null) {
            throw Problems.validation(HEADER, "is required");
        }
        return Arrays.stream(values()).filter(flow -> flow.label.equals(label)).findFirst()
                .orElseThrow(() -> Problems.validation(HEADER, "must be one of " + Arrays.stream(values())
                        .map(BenchmarkFlow::label).collect(Collectors.joining(", ", "[", "]"))));
    }
}
