package dev.orderplatform.bench;

/**
 * How hard a window drives the stack: closed loop (a fixed number of clients, each placing its next order as
 * soon as the last one is answered) or open loop (orders arrive at a fixed rate whether or not earlier ones were
 * answered, so a slow stack queues them — latency is measured from when each order was due).
 */
public record LoadPoint(Kind kind, int value) {

    public enum Kind { CLOSED, OPEN }

    public static LoadPoint closed(int clients) {
        return new LoadPoint(Kind.CLOSED, clients);
    }

    public static LoadPoint open(int perSecond) {
        return new LoadPoint(Kind.OPEN, perSecond);
    }

    public String label() {
        return kind == Kind.CLOSED ? value + " clients" : value + "/s open";
    }
}
