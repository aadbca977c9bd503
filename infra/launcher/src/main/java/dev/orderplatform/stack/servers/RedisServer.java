package dev.orderplatform.stack.servers;

import dev.orderplatform.stack.core.ExecutableFiles;
import dev.orderplatform.stack.core.ProcessSpec;
import dev.orderplatform.stack.core.Probes;
import dev.orderplatform.stack.core.StackContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Redis: the redis-server binary from the embedded-redis jar, extracted once and run directly; or the
 * server REDIS_URL points at. The binary needs glibc 2.34+ and OpenSSL 3 (any current Debian/Ubuntu).
 */
final class RedisServer extends ServerProcess {

    static final String NAME = "redis";
    static final int PORT = 6379;

    RedisServer(StackContext context) {
        super(NAME, PORT, Duration.ofSeconds(20), context.settings().redisUrl());
    }

    @Override
    public int port() {
        return URI.create(url()).getPort();
    }

    @Override
    String localUrl() {
        return "redis://127.0.0.1:" + PORT;
    }

    @Override
    public ProcessSpec prepare(StackContext context) throws IOException {
        Path home = context.run().dir(NAME);
        Path binary = extractBinary(context, home.resolve("bin"));
        List<String> command = List.of(binary.toString(),
                "--port", Integer.toString(PORT), "--bind", Servers.BIND_ADDRESS, "--protected-mode", "yes",
                "--daemonize", "no", "--save", "", "--appendonly", "no", "--dir", home.toString(),
                // noeviction: a full cache answers errors instead of silently dropping keys (limits, locks)
                "--maxmemory", "128mb", "--maxmemory-policy", "noeviction");
        return new ProcessSpec(command, Map.of(), home);
    }

    /** The jar carries one binary per OS and architecture, e.g. {@code redis-server-6.2.6-v5-linux-amd64}. */
    private static Path extractBinary(StackContext context, Path dir) throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac") ? "darwin" : "linux";
        String arch = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> throw new IllegalStateException("no Redis binary for " + System.getProperty("os.arch") + "; set REDIS_URL");
        };
        Path jar;
        try (var files = Files.list(context.repository().resolve("infra/servers/redis/target/lib"))) {
            jar = files.filter(f -> f.getFileName().toString().startsWith("embedded-redis-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("embedded-redis jar missing; build first"));
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.stream()
                    .filter(e -> e.getName().matches("redis-server-[0-9.]+(-v\\d+)?-" + os + "-" + arch))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Redis binary for " + os + "-" + arch + "; set REDIS_URL"));
            Path binary = dir.resolve("redis-server");
            if (!Files.isRegularFile(binary) || Files.size(binary) != entry.getSize()) {
                Files.createDirectories(dir);
                Path partial = dir.resolve("redis-server.partial");
                ExecutableFiles.write(() -> {
                    try (InputStream in = file.getInputStream(entry)) {
                        return Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    }
                });
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(partial, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return binary;
        }
    }

    @Override
    public boolean ready(StackContext context) {
        URI uri = URI.create(url());
        return Probes.redis(uri.getHost(), uri.getPort());
    }
}
