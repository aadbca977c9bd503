package dev.orderplatform.kit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.orderplatform.kit.security.ServiceTokens;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The whole system, started once per test JVM by the project's own launcher ({@code ./stack up}), exactly as
 * an operator would: real Nacos, Seata TC, RocketMQ, MariaDB (or MYSQL_URL), the Mongo server (or
 * MONGO_URI), Redis, and every service instance as its own OS process. Tests talk to it over HTTP and read
 * its databases directly. It is stopped at the end of the test run ({@link StackSession}) if this JVM
 * started it; a stack that was already running is reused and left running.
 *
 * <p>System properties: {@code stack.repository} (the repository root; set by the build),
 * {@code stack.instances} (instances of each service, default 2), {@code stack.keep=true} (leave it running).
 */
public final class RunningStack {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static RunningStack shared;
    private static RuntimeException startFailure;

    private final Path repository;
    private final Map<String, String> environment;
    private final boolean startedHere;
    // concurrent: a test may bring processes back on one thread while it reads addresses on another
    private final Map<String, JsonNode> processes = new ConcurrentHashMap<>();
    private final Map<String, ServiceTokens.Issuer> issuers = new ConcurrentHashMap<>();
    private String nacosToken;
    private final String adminToken;
    private MongoClient mongo;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> redis;

    private RunningStack(Path repository, Map<String, String> environment, int instances) {
        this.repository = repository;
        this.environment = Map.copyOf(environment);
        boolean wasUp = readStatus().values().stream().anyMatch(p -> "ready".equals(p.path("state").asText()));
        stack("up", "--instances", Integer.toString(instances), "--fault-hooks", "--bench", "--quick-start");
        this.startedHere = !wasUp;
        this.processes.putAll(readStatus());
        this.adminToken = environment.containsKey("ADMIN_TOKEN") ? environment.get("ADMIN_TOKEN")
                : read(repository.resolve(".run/admin-token")).trim();
    }

    /** The stack every stack test shares, started on first use. */
    public static synchronized RunningStack shared() {
        if (startFailure != null) {
            throw startFailure; // fail every later test at once instead of starting the stack again
        }
        if (shared == null) {
            try {
                shared = new RunningStack(repositoryRoot(), Map.of(), Integer.getInteger("stack.instances", 2));
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /**
     * The shared stack, started with extra environment (e.g. MYSQL_URL of a container). Must be the first use
     * in this JVM.
     */
    public static synchronized RunningStack startWith(Map<String, String> environment) {
        if (shared != null) {
            throw new IllegalStateException("the stack is already running in this JVM");
        }
        shared = new RunningStack(repositoryRoot(), environment, Integer.getInteger("stack.instances", 2));
        return shared;
    }

    /** Stops the stack if this JVM started it (called once the test run is over). */
    static synchronized void stopIfStartedHere() {
        if (shared != null && shared.startedHere && !Boolean.getBoolean("stack.keep")) {
            shared.stack("down");
        }
        if (shared != null && shared.mongo != null) {
            shared.mongo.close();
        }
        if (shared != null && shared.redisClient != null) {
            shared.redis.close();
            shared.redisClient.shutdown();
        }
        shared = null;
    }

    /** The repository's root directory (where {@code ./stack} is), found upwards from the working directory. */
    public static Path repositoryRoot() {
        String configured = System.getProperty("stack.repository");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        while (root != null && !Files.isExecutable(root.resolve("stack"))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("cannot find the repository root (./stack); set -Dstack.repository");
        }
        return root;
    }

    /** Runs {@code ./stack args...}, failing the test if it exits non-zero; returns what it printed. */
    public String stack(String... args) {
        List<String> command = new ArrayList<>();
        command.add(repository.resolve("stack").toString());
        command.addAll(List.of(args));
        try {
            Path output = Files.createTempFile("stack-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(repository.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("./stack " + String.join(" ", args) + " did not finish");
            }
            String printed = Files.readString(output, StandardCharsets.UTF_8);
            Files.deleteIfExists(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("./stack " + String.join(" ", args) + " failed:\n" + printed);
            }
            return printed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code ./stack status --json}, by process name. */
    public Map<String, JsonNode> readStatus() {
        Map<String, JsonNode> byName = new HashMap<>();
        String printed = stack("status", "--json");
        try {
            for (JsonNode process : JSON.readTree(printed.substring(printed.indexOf('[')))) {
                byName.put(process.path("name").asText(), process);
            }
        } catch (IOException | StringIndexOutOfBoundsException e) {
            throw new IllegalStateException("unreadable ./stack status --json:\n" + printed, e);
        }
        return byName;
    }

    /** The pid of a running process of the stack, by name ({@code seata}, {@code points-svc-2}…). */
    public long pid(String name) {
        long pid = readStatus().get(name).path("pid").asLong();
        if (pid <= 0) {
            throw new IllegalStateException(name + " is not running");
        }
        return pid;
    }

    /** {@code kill -9} a process of the stack, and waits until it is gone. */
    public void kill9(String name) {
        ProcessHandle process = ProcessHandle.of(pid(name)).orElseThrow();
        process.destroyForcibly();
        process.onExit().join();
    }

    /** When a {@link #kill9Together} signalled the processes, and when the last of them was gone ({@link System#nanoTime()}). */
    public record Kill(long signalled, long gone) {
    }

    /**
     * {@code kill -9} several processes of the stack at once (their pids are looked up first, which takes a while),
     * and waits until all are gone. Until a process is gone the kernel still completes connections to its listening
     * socket (and then resets them), so only a request sent after {@code gone} meets a refused connection.
     */
    public Kill kill9Together(List<String> names) {
        List<ProcessHandle> processes = names.stream().map(name -> ProcessHandle.of(pid(name)).orElseThrow()).toList();
        long signalled = System.nanoTime();
        processes.forEach(ProcessHandle::destroyForcibly);
        processes.forEach(process -> process.onExit().join());
        return new Kill(signalled, System.nanoTime());
    }

    /**
     * {@code kill -STOP}: the process freezes, its sockets stay open (a hung process, not a dead one). Returns its pid,
     * for {@link #resume(long)} (looking a pid up asks {@code ./stack status}, a JVM start).
     */
    public long suspend(String name) {
        long pid = pid(name);
        signal("STOP", pid);
        return pid;
    }

    /** {@code kill -CONT}: a suspended process resumes where it stopped. */
    public void resume(String name) {
        resume(pid(name));
    }

    /** {@code kill -CONT} by pid (as {@link #suspend} returned it). */
    public void resume(long pid) {
        signal("CONT", pid);
    }

    /** The log a process of the stack writes ({@code .run/<name>/<name>.log}). */
    public Path logOf(String name) {
        return repository.resolve(".run").resolve(name).resolve(name + ".log");
    }

    /** Brings back whatever is not running ({@code ./stack up}) and refreshes the process table. */
    public void restartStopped() {
        stack("up");
        processes.putAll(readStatus());
    }

    /** The name of the process serving {@code url} (e.g. {@code http://127.0.0.1:8181} → {@code order-svc-2}). */
    public String nameOf(String url) {
        return processes.entrySet().stream().filter(e -> e.getValue().path("url").asText().equals(url))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new IllegalArgumentException("no process at " + url));
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Base URL of instance 1 of a service, e.g. {@code url("order-svc")}. */
    public String url(String service) {
        return processes.get(service).path("url").asText();
    }

    /** Base URL of the gateway, the one public entry: what clients, the payment provider and operators use. */
    public String gateway() {
        return url("gateway");
    }

    /** Base URLs of every instance of a service. */
    public List<String> urls(String service) {
        return processes.keySet().stream().filter(name -> name.equals(service) || name.startsWith(service + "-"))
                .sorted().map(name -> processes.get(name).path("url").asText()).toList();
    }

    public String adminToken() {
        return adminToken;
    }

    /** The token of a lesser role ({@code operator}, {@code viewer}), as ./stack generated it. */
    public String token(String role) {
        return read(repository.resolve(".run/" + role + "-token")).trim();
    }

    /**
     * A service token, as {@code caller} (a service name) would send to {@code audience}, signed with the key ./stack
     * generated for {@code caller}: tests that drive {@code /internal/**} endpoints act as that trusted service.
     */
    public String serviceToken(String caller, String audience) {
        return issuers.computeIfAbsent(caller, service -> ServiceTokens.issuer(
                repository.resolve(".run/service-keys/" + service + ".jwk"), Duration.ofSeconds(60), Clock.systemUTC())).tokenFor(audience);
    }

    /**
     * An access token of the stack's Nacos (it runs with authentication on), logged in once with the generated password
     * (a token lasts hours; logging in costs Nacos a BCrypt check).
     */
    public synchronized String nacosAccessToken() {
        if (nacosToken == null) {
            nacosToken = nacosLogin();
        }
        return nacosToken;
    }

    private String nacosLogin() {
        String login = processes.get("nacos").path("url").asText() + "/v1/auth/login";
        try {
            java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(login))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=nacos&password="
                                    + read(repository.resolve(".run/nacos-password")).trim())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(answer.body()).path("accessToken").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The service an instance URL belongs to ({@code http://127.0.0.1:8182} → {@code inventory-svc}). */
    public String serviceAt(String instanceUrl) {
        return processes.entrySet().stream().filter(process -> instanceUrl.startsWith(process.getValue().path("url").asText()))
                .map(process -> process.getKey().replaceFirst("-\\d+$", "")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no process of the stack at " + instanceUrl));
    }

    /** The secret the payment provider (simulator) signs its callbacks with, as ./stack generated it. */
    public String paymentProviderSecret() {
        return read(repository.resolve(".run/payment-provider-secret")).trim();
    }

    /** A new connection to one of the MySQL databases (orders, inventory, payments). */
    public Connection sql(String database) {
        String server = environment.getOrDefault("MYSQL_URL", "jdbc:mysql://127.0.0.1:3306");
        try {
            return DriverManager.getConnection(server + "/" + database
                            + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true",
                    environment.getOrDefault("MYSQL_USER", "root"), environment.getOrDefault("MYSQL_PASSWORD", ""));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach MySQL database " + database, e);
        }
    }

    /** The stock cache and other Redis keys (one connection, shared by the tests of this JVM). */
    public synchronized RedisCommands<String, String> redis() {
        if (redis == null) {
            redisClient = RedisClient.create(environment.getOrDefault("REDIS_URL", "redis://127.0.0.1:6379"));
            redis = redisClient.connect();
        }
        return redis.sync();
    }

    /** The RocketMQ name server, {@code host:port}. */
    public String rocketMqNameServer() {
        return processes.get("rocketmq-namesrv").path("url").asText().replace("tcp://", "");
    }

    /** The points database. */
    public synchronized MongoDatabase points() {
        if (mongo == null) {
            mongo = MongoClients.create(environment.getOrDefault("MONGO_URI", "mongodb://127.0.0.1:27017"));
        }
        return mongo.getDatabase("points");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
