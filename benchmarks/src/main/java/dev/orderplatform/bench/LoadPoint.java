package dev.orderplatform.bench;

/**
 * How hard a window drives the stack: closed loop (a fixed number of clients, each placing its next order as
 * soon as the last one is answered) or open loop (orders arrive at a fixed rate whether or not earlier ones were
 * answered, so a slow stack queues them — latency is measured from when each order was due).
 */
public record LoadPoint(Kind kind, int value) {

    /** {@code HALF_OF_MAX}: open loop at half of the best throughput the scenario reached closed-loop in the same run. */
    public enum Kind { CLOSED, OPEN, HALF_OF_MAX }

    public static LoadPoint closed(int clients) {
        return new LoadPoint(Kind.CLOSED, clients);
    }

    public static LoadPoint open(int perSecond) {
        return new LoadPoint(Kind.OPEN, perSecond);
    }

    public static LoadPoint halfOfMax(int perSecond) {
        return new LoadPoint(Kind.HALF_OF_MAX, perSecond);
    }

    public boolean openLoop() {
        return kind != Kind.CLOSED;
    }

    public String label() {
        return switch (kind) {
            case CLOSED -> value + " clients";
            case OPEN -> value + "/s open";
            case HALF_OF_MAX -> value + "/s open (½ max)";
        };
    }
}
