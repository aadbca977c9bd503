package dev.orderplatform.stack.core;

import java.util.Map;

/**
 * What the stack looks like: how many instances of each service, and which servers are provided from
 * outside through the environment (MYSQL_URL, MONGO_URI, REDIS_URL, NACOS_ADDR) instead of started here.
 *
 * @param faultHooks enable the services' test-only fault injection endpoints
 * @param quickStart run the services with the C1 compiler only: ~40% less CPU to start, lower peak speed
 */
public record StackSettings(int instances, boolean faultHooks, boolean quickStart, String mysqlUrl, String mysqlUser, String mysqlPassword,
                            String mongoUri, String redisUrl, String nacosAddr) {

    public static StackSettings fromEnvironment(int instances, boolean faultHooks, boolean quickStart, Map<String, String> env) {
        return new StackSettings(instances, faultHooks, quickStart,
                blankToNull(env.get("MYSQL_URL")), env.getOrDefault("MYSQL_USER", "root"), env.getOrDefault("MYSQL_PASSWORD", ""),
                blankToNull(env.get("MONGO_URI")), blankToNull(env.get("REDIS_URL")), blankToNull(env.get("NACOS_ADDR")));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
