package dev.orderplatform.stack.core;

import java.util.Map;

/**
 * What the stack looks like: its shape (instances and switches), and which servers are provided from outside
 * through the environment (MYSQL_URL, MONGO_URI, REDIS_URL, NACOS_ADDR) instead of started here.
 */
public record StackSettings(RunDirectory.Shape shape, String mysqlUrl, String mysqlUser, String mysqlPassword,
                            String mongoUri, String redisUrl, String nacosAddr) {

    public static StackSettings fromEnvironment(RunDirectory.Shape shape, Map<String, String> env) {
        return new StackSettings(shape,
                blankToNull(env.get("MYSQL_URL")), env.getOrDefault("MYSQL_USER", "root"), env.getOrDefault("MYSQL_PASSWORD", ""),
                blankToNull(env.get("MONGO_URI")), blankToNull(env.get("REDIS_URL")), blankToNull(env.get("NACOS_ADDR")));
    }

    public int instances() {
        return shape.instances();
    }

    public boolean faultHooks() {
        return shape.faultHooks();
    }

    public boolean quickStart() {
        return shape.quickStart();
    }

    public boolean bench() {
        return shape.bench();
    }

    public int edgeRate() {
        return shape.edgeRate();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
