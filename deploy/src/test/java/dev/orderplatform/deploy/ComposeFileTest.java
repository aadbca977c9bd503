package dev.orderplatform.deploy;

import static dev.orderplatform.deploy.DeployingGuide.DEPLOY;
import static dev.orderplatform.deploy.DeployingGuide.VERSION;
import static dev.orderplatform.deploy.DeployingGuide.WORKLOADS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose.yaml names only what exists: our five images at this version and pinned images of the servers, the
 * variables docs/deploying.md lists (every secret one that ./stack deployment-secrets writes, and required: compose
 * stops before starting anything while one is missing), files that are in the repository, and services it defines.
 * Docker Compose itself is not here to run it (docs/deploying.md says what was run where).
 */
class ComposeFileTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(:?[-?][^}]*)?}");
    /** Variables with a default that a deployment may set; everything else must be a generated secret. */
    private static final Set<String> OPTIONAL = Set.of("PLATFORM_VERSION", "TRACING_SAMPLING_PROBABILITY",
            "EDGE_RATE_PER_SECOND", "EDGE_RATE_BURST");

    private final DeployingGuide guide = new DeployingGuide();
    private final String text = read("compose.yaml");
    private final Map<String, Object> compose = new Yaml().load(text);

    @Test
    void everyOneOfOurImagesIsThereAtThisVersionAndEveryServerImageIsPinned() {
        Set<String> ours = new LinkedHashSet<>();
        services().forEach((name, service) -> {
            String image = (String) service.get("image");
            assertThat(image).as("%s has an image", name).isNotBlank();
            if (image.startsWith("order-platform/")) {
                assertThat(image).isEqualTo("order-platform/" + name + ":${PLATFORM_VERSION:-" + VERSION + "}");
                ours.add(name);
            } else {
                assertThat(image).as("%s is pinned", name).matches("[a-z0-9./-]+:[A-Za-z0-9._-]+").doesNotEndWith(":latest");
            }
        });
        assertThat(ours).containsExactlyInAnyOrderElementsOf(WORKLOADS.keySet());
    }

    @Test
    void ourServicesAreGivenOnlyDocumentedSettingsAndTheirOwnPortAndAddress() {
        Set<String> documented = guide.environmentVariables();
        for (String name : WORKLOADS.keySet()) {
            Map<String, Object> environment = map(services().get(name).get("environment"));
            assertThat(documented).as("docs/deploying.md documents what %s is given", name).containsAll(environment.keySet());
            assertThat(environment).containsEntry("SERVER_PORT", Integer.toString(WORKLOADS.get(name).port()))
                    .containsEntry("SERVICE_IP", name).containsKey("NACOS_PASSWORD").containsKey("ZIPKIN_ENDPOINT");
            if (!name.equals("gateway")) {
                assertThat(environment).containsKeys("SERVICE_KEY_FILE", "SERVICE_TRUST_FILE", "ADMIN_TOKEN_SHA256", "METRICS_TOKEN_SHA256");
                assertThat(String.valueOf(services().get(name).get("secrets")))
                        .as("%s is given its own signing key, and no other", name)
                        .contains("source=" + name + "-key").doesNotContainPattern("source=(?!" + name + "-key)[a-z-]+-key");
            }
        }
    }

    @Test
    void everySecretIsGeneratedAndRequired() {
        Set<String> secrets = guide.secrets();
        Matcher variable = VARIABLE.matcher(text);
        Set<String> used = new LinkedHashSet<>();
        while (variable.find()) {
            String name = variable.group(1);
            used.add(name);
            if (OPTIONAL.contains(name)) {
                assertThat(variable.group(2)).as("%s has a default", name).startsWith(":-");
            } else {
                assertThat(secrets).as("%s is written by ./stack deployment-secrets (docs/deploying.md#secrets)", name).contains(name);
                assertThat(variable.group(2)).as("${%s} is required (:?)", name).startsWith(":?");
            }
        }
        assertThat(used).as("compose uses every generated secret").containsAll(secrets);
        assertThat(text).as("no literal password").doesNotContainPattern("(?i)password: [\"']?[a-z0-9]{6,}");
    }

    @Test
    void everyFileItMountsIsInTheRepositoryAndEverySecretFileIsGenerated() {
        services().forEach((name, service) -> {
            for (Object volume : list(service.get("volumes"))) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(DEPLOY.resolve(source)).as("%s mounts %s", name, source).isRegularFile();
                }
            }
        });
        Set<String> files = guide.secretFiles();
        map(compose.get("secrets")).forEach((name, secret) -> {
            String file = (String) map(secret).get("file");
            assertThat(file).startsWith("./secrets/files/");
            assertThat(files).as("./stack deployment-secrets writes %s", file).contains(file.substring("./secrets/files/".length()));
        });
    }

    @Test
    void everyDependencyIsAServiceOfTheFile() {
        Set<String> names = services().keySet();
        services().forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            Iterable<?> dependencies = dependsOn instanceof Map<?, ?> byName ? byName.keySet() : list(dependsOn);
            for (Object dependency : dependencies) {
                assertThat(names).as("%s depends on %s", name, dependency).contains(dependency.toString());
            }
        });
        assertThat(names).contains("mysql", "mongo-1", "mongo-2", "mongo-3", "nacos-1", "nacos-2", "nacos-3", "seata-1", "seata-2",
                "rocketmq-namesrv", "rocketmq-broker", "rocketmq-init", "redis", "zipkin", "prometheus");
        assertThat(map(services().get("gateway")).get("ports").toString()).contains("8080:8080");
    }

    private Map<String, Map<String, Object>> services() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        return services;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }

    private static String read(String file) {
        try {
            return Files.readString(DEPLOY.resolve(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
