package dev.orderplatform.stack.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.stack.core.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./stack deployment-secrets} writes exactly what docs/deploying.md lists (the .env variables and the files that
 * compose and the Kubernetes Secrets are made from), keeps every value when run again, and leaves the directory
 * readable by its owner only.
 */
class DeploymentSecretsTest {

    private static final Path GUIDE = Path.of("../../docs/deploying.md");

    @TempDir
    Path dir;

    @Test
    void writesEveryDocumentedSecretAndFileAndNothingElse() throws IOException {
        Path envFile = new DeploymentSecrets(dir).write();
        Map<String, String> env = readEnv(envFile);
        assertThat(env.keySet()).containsExactlyInAnyOrderElementsOf(documented("### Secrets"));
        env.forEach((name, value) -> {
            if (!name.equals("PAYMENT_PROVIDER_URL")) {
                assertThat(value).as(name).hasSizeGreaterThanOrEqualTo(40);
            }
        });
        assertThat(env.get("PAYMENT_PROVIDER_URL")).as("left for the operator to fill in").isEmpty();
        assertThat(env.get("ADMIN_TOKEN_SHA256")).matches("[0-9a-f]{64}")
                .isEqualTo(RunDirectory.sha256Hex(Files.readString(dir.resolve("tokens/admin-token")).trim()));
        try (Stream<Path> files = Files.list(dir.resolve("files"))) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(documented("### Secret files"));
        }
        assertThat(Files.readString(dir.resolve("files/order-svc.jwk"))).contains("\"kid\":\"order-svc\"").contains("\"d\":");
        assertThat(Files.readString(dir.resolve("files/trust.jwks"))).doesNotContain("\"d\":");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile))).isEqualTo("rw-------");
    }

    @Test
    void runningItAgainKeepsEveryValueAndWhatTheOperatorFilledIn() throws IOException {
        Path envFile = new DeploymentSecrets(dir).write();
        String filledIn = Files.readString(envFile).replace("PAYMENT_PROVIDER_URL=\n", "PAYMENT_PROVIDER_URL=https://pay.example.com\n");
        Files.writeString(envFile, filledIn);
        String key = Files.readString(dir.resolve("files/payment-svc.jwk"));

        new DeploymentSecrets(dir).write();

        assertThat(Files.readString(envFile)).isEqualTo(filledIn);
        assertThat(Files.readString(dir.resolve("files/payment-svc.jwk"))).isEqualTo(key);
    }

    private static Map<String, String> readEnv(Path envFile) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(envFile)) {
            if (!line.startsWith("#") && line.contains("=")) {
                env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return env;
    }

    /** The code-spanned names in the first column of the table under {@code heading} in docs/deploying.md. */
    private static Set<String> documented(String heading) throws IOException {
        String text = Files.readString(GUIDE);
        String section = text.substring(text.indexOf("\n" + heading + "\n") + heading.length() + 2);
        Set<String> names = new LinkedHashSet<>();
        boolean inTable = false;
        for (String line : section.split("\n")) {
            if (line.startsWith("|")) {
                inTable = true;
                Matcher code = Pattern.compile("`([^`]+)`").matcher(line.substring(1, line.indexOf('|', 1)));
                while (code.find()) {
                    names.add(code.group(1));
                }
            } else if (inTable || line.startsWith("#")) {
                break;
            }
        }
        assertThat(names).as("docs/deploying.md %s", heading).isNotEmpty();
        return names;
    }
}
