package dev.orderplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the running stack is, as {@code ./stack status --json} reports it: the gateway's URL and every service
 * instance's (for requests) and the pid of every process, the gateway's included (for CPU accounting).
 */
public record StackTargets(Map<String, List<String>> serviceUrls, Map<String, Long> pids) {

    /** The payment provider simulator (external checkout), when the stack runs one. */
    static final String PAYMENT_PROVIDER = "payment-provider";
    /** The public edge, through which every client of the benchmark goes unless a scenario is {@code direct}. */
    static final String GATEWAY = "gateway";
    /** The databases, which the storage floor writes to directly. */
    static final String MYSQL = "mariadb";
    static final String MONGO = "mongo";

    private static final List<String> SERVICES = List.of("order-svc", "inventory-svc", "payment-svc", "points-svc");

    public static StackTargets read(Path statusJson) throws IOException {
        return parse(Files.readString(statusJson));
    }

    static StackTargets parse(String json) throws IOException {
        Map<String, List<String>> urls = new LinkedHashMap<>();
        Map<String, Long> pids = new LinkedHashMap<>();
        for (JsonNode process : new ObjectMapper().readTree(json)) {
            String name = process.path("name").asText();
            if (!"ready".equals(process.path("state").asText())) {
                throw new IllegalStateException(name + " is not ready: " + process);
            }
            if (process.path("pid").asLong() > 0) {
                pids.put(name, process.path("pid").asLong());
            }
            if (List.of(PAYMENT_PROVIDER, GATEWAY, MYSQL, MONGO).contains(name)) {
                urls.put(name, List.of(process.path("url").asText()));
            }
            SERVICES.stream().filter(service -> name.equals(service) || name.startsWith(service + "-"))
                    .findFirst().ifPresent(service -> urls.computeIfAbsent(service, s -> new ArrayList<>()).add(process.path("url").asText()));
        }
        for (String service : java.util.stream.Stream.concat(SERVICES.stream(), java.util.stream.Stream.of(GATEWAY)).toList()) {
            if (!urls.containsKey(service)) {
                throw new IllegalStateException("no " + service + " in the stack status");
            }
        }
        return new StackTargets(urls, pids);
    }

    public List<String> urls(String service) {
        return serviceUrls.get(service);
    }

    /** MariaDB's JDBC URL without a database, e.g. {@code jdbc:mysql://127.0.0.1:3306}. */
    public String mysqlUrl() {
        return database(MYSQL);
    }

    public String mongoUri() {
        return database(MONGO);
    }

    private String database(String name) {
        List<String> url = serviceUrls.get(name);
        if (url == null) {
            throw new IllegalStateException("no " + name + " in the stack status");
        }
        return url.get(0);
    }

    /** The gateway's base URL. */
    public String edge() {
        return serviceUrls.get(GATEWAY).get(0);
    }
}
