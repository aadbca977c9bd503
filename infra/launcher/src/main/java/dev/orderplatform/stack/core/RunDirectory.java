package dev.orderplatform.stack.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one directory (git-ignored) holding everything the stack writes at run time:
 * {@code <name>/} per process with its data, generated configuration, {@code process.json} (pid and start
 * time) and {@code <name>.log}; {@code stack.json} (how the running stack was brought up); {@code admin-token},
 * {@code operator-token}, {@code viewer-token};
 * {@code payment-provider-secret} (the callback signing secret shared by the payment provider simulator and payment-svc);
 * {@code metrics-token} (Prometheus' scrape credential); {@code service-keys/} (each service's signing key and the set
 * of their public keys, see {@link #serviceKeys}).
 */
public final class RunDirectory {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "admin-token";
    private static final String PAYMENT_PROVIDER_SECRET = "payment-provider-secret";
    private static final String SERVICE_KEYS = "service-keys";
    private static final String TRUST_FILE = "trust.jwks";

    private final Path root;

    public RunDirectory(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The private directory of a process (created on demand). */
    public Path dir(String name) {
        Path dir = root.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public Path log(String name) {
        return root.resolve(name).resolve(name + ".log");
    }

    public Optional<TrackedProcess> tracked(String name) {
        Path file = root.resolve(name).resolve("process.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
            return Optional.of(new TrackedProcess(name, node.get("pid").asLong(), Instant.parse(node.get("startedAt").asText()),
                    node.path("startTicks").asLong(-1)));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    public void track(TrackedProcess process) {
        ObjectNode node = JSON.createObjectNode()
                .put("pid", process.pid())
                .put("startedAt", process.startedAt().toString())
                .put("startTicks", process.startTicks());
        write(dir(process.name()).resolve("process.json"), node.toString());
    }

    public void untrack(String name) {
        try {
            Files.deleteIfExists(root.resolve(name).resolve("process.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How the running stack was brought up; a later plain {@code up} (e.g. after a kill) keeps it.
     *
     * @param instances  instances of each service
     * @param faultHooks enable the services' test-only fault injection and conformance endpoints
     * @param quickStart run the services with the C1 compiler only: ~40% less CPU to start, lower peak speed
     * @param bench      accept the benchmark's checkout flows (X-Benchmark-Flow); never in a shipped configuration
     * @param edgeRate   requests per second per client address the gateway lets through on its unauthenticated routes
     *                   (twice as many in a burst)
     */
    public record Shape(int instances, boolean faultHooks, boolean quickStart, boolean bench, int edgeRate) {
        public static final int DEFAULT_EDGE_RATE = 100;
        public static final Shape DEFAULT = new Shape(1, false, false, false, DEFAULT_EDGE_RATE);
    }

    public Optional<Shape> lastShape() {
        Path file = root.resolve("stack.json");
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            var node = JSON.readTree(file.toFile());
            return Optional.of(new Shape(node.get("instances").asInt(), node.path("faultHooks").asBoolean(),
                    node.path("quickStart").asBoolean(), node.path("bench").asBoolean(),
                    node.path("edgeRate").asInt(Shape.DEFAULT_EDGE_RATE)));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    public void rememberShape(Shape shape) {
        write(root.resolve("stack.json"), JSON.createObjectNode().put("instances", shape.instances())
                .put("faultHooks", shape.faultHooks()).put("quickStart", shape.quickStart()).put("bench", shape.bench())
                .put("edgeRate", shape.edgeRate()).toString());
    }

    /** After {@code down}: the next {@code up} starts with its own options again. */
    public void forgetShape() {
        try {
            Files.deleteIfExists(root.resolve("stack.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * ADMIN_TOKEN if set, else the token generated by an earlier run, else a new random one (see {@link #generatedSecret}).
     */
    public String adminToken(String fromEnvironment) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        return generatedSecret(ADMIN_TOKEN);
    }

    public Path adminTokenFile() {
        return root.resolve(ADMIN_TOKEN);
    }

    /**
     * The token of a lesser role ({@code operator}, {@code viewer}) for the operator page and its tests: generated by
     * the first run and kept in {@code <role>-token} until {@code down --wipe}.
     */
    public String roleToken(String role) {
        return generatedSecret(role + "-token");
    }

    /**
     * A secret a server of the stack is configured with (the Nacos password and token key, the TC console's…): generated
     * by the first run and kept in {@code fileName} (mode 600) until {@code down --wipe}.
     */
    public String secret(String fileName) {
        return generatedSecret(fileName);
    }

    /** Services are given only the SHA-256 (hex) of each token. */
    public static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The secret the payment provider simulator signs its callbacks with and payment-svc checks them with: generated
     * by the first run, then kept in {@code payment-provider-secret} (mode 600) until {@code down --wipe}.
     */
    public String paymentProviderSecret() {
        return generatedSecret(PAYMENT_PROVIDER_SECRET);
    }

    public Path paymentProviderSecretFile() {
        return root.resolve(PAYMENT_PROVIDER_SECRET);
    }

    /**
     * The secret kept in {@code fileName}, generated (24 random bytes, hex) by the first caller. Creating the file is
     * atomic (a private temporary file, then a hard link that fails if the name exists), so processes or threads racing
     * here all end up with one secret; the file is readable by its owner only.
     */
    private synchronized String generatedSecret(String fileName) {
        Path file = root.resolve(fileName);
        try {
            if (!Files.isRegularFile(file)) {
                byte[] bytes = new byte[24];
                new SecureRandom().nextBytes(bytes);
                Files.createDirectories(root);
                Path candidate = Files.createTempFile(root, fileName, ".new");
                Files.writeString(candidate, HexFormat.of().formatHex(bytes) + "\n");
                candidate.toFile().setReadable(false, false);
                candidate.toFile().setReadable(true, true);
                try {
                    Files.createLink(file, candidate); // fails if another process created it first
                } catch (FileAlreadyExistsException lostTheRace) {
                    // keep theirs
                } finally {
                    Files.deleteIfExists(candidate);
                }
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Where each service's private signing key ({@code <service>.jwk}) and the public keys of all of them
     * ({@code trust.jwks}) are, generated by the first caller: one RSA 2048 key pair per service, written as JWKs
     * ({@code kid} = the service name) readable by their owner only. Services sign their calls to each other with
     * them (short-lived JWTs); a key a service does not have cannot be used to speak for it. Created whole or not at
     * all: the keys are written to a private directory first, which is then renamed into place (a racing process's
     * rename fails and it uses the winner's).
     */
    public synchronized ServiceKeys serviceKeys(List<String> services) {
        Path dir = root.resolve(SERVICE_KEYS);
        try {
            if (!Files.isRegularFile(dir.resolve(TRUST_FILE))) {
                Files.createDirectories(root);
                Path candidate = Files.createTempDirectory(root, SERVICE_KEYS);
                ArrayNode trusted = JSON.createArrayNode();
                for (String service : services) {
                    KeyPair pair = rsaKeyPair();
                    RSAPrivateCrtKey secret = (RSAPrivateCrtKey) pair.getPrivate();
                    ObjectNode publicKey = publicJwk(service, (RSAPublicKey) pair.getPublic());
                    trusted.add(publicKey);
                    ObjectNode privateKey = publicKey.deepCopy().put("d", base64url(secret.getPrivateExponent()))
                            .put("p", base64url(secret.getPrimeP())).put("q", base64url(secret.getPrimeQ()))
                            .put("dp", base64url(secret.getPrimeExponentP())).put("dq", base64url(secret.getPrimeExponentQ()))
                            .put("qi", base64url(secret.getCrtCoefficient()));
                    writePrivate(candidate.resolve(service + ".jwk"), privateKey.toString());
                }
                writePrivate(candidate.resolve(TRUST_FILE), JSON.createObjectNode().set("keys", trusted).toString());
                try {
                    Files.move(candidate, dir, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException lostTheRace) {
                    try (Stream<Path> files = Files.list(candidate)) {
                        for (Path file : files.toList()) {
                            Files.deleteIfExists(file);
                        }
                    }
                    Files.deleteIfExists(candidate);
                }
            }
            return new ServiceKeys(dir, dir.resolve(TRUST_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service keys' directory and its trust set; {@link #keyOf} is one service's private key. */
    public record ServiceKeys(Path dir, Path trustFile) {
        public Path keyOf(String service) {
            return dir.resolve(service + ".jwk");
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has RSA", e);
        }
    }

    private static ObjectNode publicJwk(String keyId, RSAPublicKey key) {
        return JSON.createObjectNode().put("kty", "RSA").put("kid", keyId).put("use", "sig").put("alg", "RS256")
                .put("n", base64url(key.getModulus())).put("e", base64url(key.getPublicExponent()));
    }

    /** An integer as JWK wants it (RFC 7518 §6.3): big-endian, unsigned (no sign byte), base64url without padding. */
    private static String base64url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(bytes, start, bytes.length));
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.writeString(file, content);
        file.toFile().setReadable(false, false);
        file.toFile().setReadable(true, true);
    }

    /** Removes the whole directory (data included). */
    public void wipe() {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
