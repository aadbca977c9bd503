package dev.orderplatform.bench;

import java.util.List;

/**
 * One way of checking out that the benchmark measures: the checkout flow (the {@code X-Benchmark-Flow} header),
 * whether every order buys the same SKU (row contention) or one of many, and whether the client goes through the
 * gateway, as every real client does, or straight to an order-svc instance ({@code direct}: to price the edge); or
 * work this JVM does itself ({@code inProcess}: the storage floor), whose CPU is then counted with the stack's.
 */
public record Scenario(String name, String flow, boolean hotSku, String description, boolean direct, boolean inProcess) {

    public Scenario(String name, String flow, boolean hotSku, String description) {
        this(name, flow, hotSku, description, false, false);
    }

    public static final Scenario BASELINE = new Scenario("baseline", "baseline", false,
            "the same calls and writes, no global transaction");
    public static final Scenario TCC = new Scenario("tcc", "tcc", false, "wallet TCC checkout as shipped, fences on (3 participants)");
    /** The same checkout without the gateway: the difference to {@link #TCC} is what the edge costs. */
    public static final Scenario TCC_DIRECT = new Scenario("tcc-direct", "tcc", false,
            "the shipped TCC checkout sent straight to order-svc, not through the gateway", true, false);
    public static final Scenario AT = new Scenario("at", "at", false, "Seata AT for stock and money, TCC for points (MongoDB)");
    /** Not a flow header: payment EXTERNAL, measured from placement to PAID as read on the order's event stream. */
    public static final Scenario EXTERNAL = new Scenario("external", "external", false,
            "external checkout (saga), placement to PAID: the provider calls back at once");

    /** Every scenario, in the order the report lists them. */
    public static List<Scenario> all() {
        return List.of(StorageFloor.SCENARIO, BASELINE, TCC, TCC_DIRECT, AT,
                new Scenario("tcc-1", "tcc-1", false, "TCC, stock participant only"),
                new Scenario("tcc-2", "tcc-2", false, "TCC, stock and money participants"),
                new Scenario("tcc-hot", "tcc", true, "shipped TCC, every order on one SKU"),
                new Scenario("at-hot", "at", true, "AT, every order on one SKU (global row locks)"),
                EXTERNAL);
    }
}
