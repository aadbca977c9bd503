package dev.orderplatform.kit.testing;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Ids for one test's data, all starting with the same fresh prefix, so tests sharing one stack never see
 * each other's users or SKUs and {@link Invariants} can check exactly one test's data.
 */
public final class TestData {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;

    private TestData(String prefix) {
        this.prefix = prefix;
    }

    public static TestData fresh(String label) {
        return new TestData(label + Long.toString(Math.abs(RANDOM.nextLong()) % 2_176_782_336L, 36) + "-");
    }

    public String prefix() {
        return prefix;
    }

    public String user(String name) {
        return prefix + name;
    }

    public String sku(String name) {
        return prefix + name;
    }

    public static String key() {
        return UUID.randomUUID().toString();
    }
}
