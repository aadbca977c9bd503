package dev.orderplatform.deploy;

import static dev.orderplatform.deploy.DeployingGuide.DEPLOY;
import static dev.orderplatform.deploy.DeployingGuide.VERSION;
import static dev.orderplatform.deploy.DeployingGuide.WORKLOADS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kustomization.yaml and the manifests it lists name only what exists: files in the repository, our images at
 * this version and pinned server images, documented variables, keys of the two Secrets ./stack deployment-secrets
 * feeds, and the platform-settings ConfigMap's keys. Our workloads probe the actuator's health groups on their own
 * port, run as non-root on a read-only root, and each mounts only its own signing key. No cluster is here to apply
 * them; {@code kubectl kustomize deploy} renders them (docs/deploying.md says what was run where).
 */
class KubernetesManifestsTest {

    private static final String SECRETS = "order-platform-secrets";
    private static final String FILES = "order-platform-files";

    private final DeployingGuide guide = new DeployingGuide();
    private final Map<String, Object> kustomization = load("kustomization.yaml").get(0);
    private final List<Map<String, Object>> objects = new ArrayList<>();

    KubernetesManifestsTest() {
        for (Object resource : list(kustomization.get("resources"))) {
            objects.addAll(load(resource.toString()));
        }
    }

    @Test
    void everyFileTheKustomizationNamesExists() {
        for (Object resource : list(kustomization.get("resources"))) {
            assertThat(DEPLOY.resolve(resource.toString())).isRegularFile();
        }
        for (Object generator : list(kustomization.get("configMapGenerator"))) {
            for (Object file : list(map(generator).get("files"))) {
                String path = file.toString().contains("=") ? file.toString().split("=", 2)[1] : file.toString();
                assertThat(DEPLOY.resolve(path)).as("configMapGenerator %s", map(generator).get("name")).isRegularFile();
            }
        }
        assertThat(kustomization.get("namespace")).isEqualTo("order-platform");
    }

    @Test
    void ourImagesAreTaggedWithThisVersionAndEveryServerImageIsPinned() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Object image : list(kustomization.get("images"))) {
            tags.put((String) map(image).get("name"), String.valueOf(map(image).get("newTag")));
        }
        for (String name : WORKLOADS.keySet()) {
            assertThat(tags).containsEntry("order-platform/" + name, VERSION);
        }
        Set<String> ours = new HashSet<>();
        forEachContainer((object, container) -> {
            String image = (String) container.get("image");
            if (image.startsWith("order-platform/")) {
                assertThat(tags).as("kustomize tags %s", image).containsKey(image);
                ours.add(image.substring("order-platform/".length()));
            } else {
                assertThat(image).as("%s is pinned", image).matches("[a-z0-9./-]+:[A-Za-z0-9._-]+").doesNotEndWith(":latest");
            }
        });
        assertThat(ours).containsExactlyInAnyOrderElementsOf(WORKLOADS.keySet());
    }

    @Test
    void theServersRunTheSameImagesAsInCompose() {
        Set<String> servers = new HashSet<>();
        forEachContainer((object, container) -> servers.add((String) container.get("image")));
        servers.removeIf(image -> image.startsWith("order-platform/"));
        Map<String, Map<String, Object>> compose = map(new Yaml().<Map<String, Object>>load(read("compose.yaml")).get("services"))
                .entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, entry -> map(entry.getValue())));
        Set<String> composed = new HashSet<>();
        compose.values().forEach(service -> composed.add((String) service.get("image")));
        composed.removeIf(image -> image.startsWith("order-platform/"));
        assertThat(servers).isEqualTo(composed);
    }

    @Test
    void ourWorkloadsAreGivenOnlyDocumentedSettingsAndProbeTheirOwnPort() {
        Set<String> documented = new HashSet<>(guide.environmentVariables());
        documented.addAll(guide.secrets()); // passwords are given by name, then put into REDIS_URL / MONGO_URI
        for (String name : WORKLOADS.keySet()) {
            Map<String, Object> deployment = find("Deployment", name);
            Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
            Map<String, Object> container = map(list(pod.get("containers")).get(0));
            int port = WORKLOADS.get(name).port();
            Map<String, Object> env = new LinkedHashMap<>();
            for (Object variable : list(container.get("env"))) {
                env.put((String) map(variable).get("name"), map(variable).get("value"));
            }
            assertThat(documented).as("docs/deploying.md documents what %s is given", name).containsAll(env.keySet());
            assertThat(env).containsEntry("SERVER_PORT", Integer.toString(port)).containsKeys("SERVICE_IP", "NACOS_PASSWORD");
            assertThat(String.valueOf(container.get("ports"))).contains("containerPort=" + port);
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
                assertThat(get.get("port")).as("%s %s port", name, probe).isEqualTo(port);
                assertThat(get.get("path")).as("%s %s", name, probe)
                        .isEqualTo(probe.equals("readinessProbe") ? "/actuator/health/readiness" : "/actuator/health/liveness");
            }
            assertThat(map(pod.get("securityContext"))).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 65532);
            assertThat(map(container.get("securityContext"))).containsEntry("readOnlyRootFilesystem", true)
                    .containsEntry("allowPrivilegeEscalation", false);
            Set<String> keyFiles = new HashSet<>();
            for (Object volume : list(pod.get("volumes"))) {
                Map<String, Object> secret = map(map(volume).get("secret"));
                if (FILES.equals(secret.get("secretName"))) {
                    list(secret.get("items")).forEach(item -> keyFiles.add((String) map(item).get("key")));
                }
            }
            assertThat(keyFiles).as("%s mounts its own signing key and the trust set only", name)
                    .isEqualTo(name.equals("gateway") ? Set.of() : Set.of(name + ".jwk", "trust.jwks"));
        }
    }

    @Test
    void everySecretAndSettingReferredToExists() {
        Set<String> secrets = guide.secrets();
        Set<String> files = guide.secretFiles();
        Set<String> settings = map(find("ConfigMap", "platform-settings").get("data")).keySet();
        forEachContainer((object, container) -> {
            for (Object variable : list(container.get("env"))) {
                Map<String, Object> from = map(map(variable).get("valueFrom"));
                Map<String, Object> secret = map(from.get("secretKeyRef"));
                if (!secret.isEmpty()) {
                    assertThat(secret.get("name")).isEqualTo(SECRETS);
                    assertThat(secrets).as("%s: %s", name(object), secret.get("key")).contains((String) secret.get("key"));
                }
                Map<String, Object> setting = map(from.get("configMapKeyRef"));
                if (!setting.isEmpty()) {
                    assertThat(setting.get("name")).isEqualTo("platform-settings");
                    assertThat(settings).as("%s: %s", name(object), setting.get("key")).contains((String) setting.get("key"));
                }
            }
        });
        for (Map<String, Object> object : objects) {
            String text = new Yaml().dump(object);
            assertThat(text).as("%s creates no Secret of its own", name(object)).doesNotContain("kind: Secret");
            for (Map<String, Object> volume : podVolumes(object)) {
                Map<String, Object> secret = map(volume.get("secret"));
                if (!secret.isEmpty()) {
                    assertThat(secret.get("secretName")).isEqualTo(FILES);
                    list(secret.get("items")).forEach(item -> assertThat(files).contains((String) map(item).get("key")));
                }
            }
        }
    }

    /**
     * kustomize itself renders the whole (no cluster needed): generators, the namespace and the image tags applied.
     * Runs where kubectl is installed (it is on this project's build machines, not in Debian's packages).
     */
    @Test
    void kustomizeRendersEveryObject() throws Exception {
        String kubectl = java.util.stream.Stream.of("/usr/bin/kubectl", "/usr/local/bin/kubectl")
                .filter(candidate -> Files.isExecutable(java.nio.file.Path.of(candidate))).findFirst().orElse(null);
        if (kubectl == null) {
            System.err.println("WARNING: kubectl not found: kustomizeRendersEveryObject is SKIPPED");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl != null, "kubectl is not installed");
        Process process = new ProcessBuilder(kubectl, "kustomize", DEPLOY.toString()).redirectErrorStream(true).start();
        String rendered = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(rendered).isZero();
        List<Map<String, Object>> renderedObjects = new ArrayList<>();
        new Yaml().loadAll(rendered).forEach(object -> renderedObjects.add(map(object)));
        assertThat(renderedObjects).hasSizeGreaterThanOrEqualTo(objects.size());
        assertThat(rendered).contains("image: order-platform/order-svc:" + VERSION).doesNotContain("image: order-platform/order-svc\n")
                .contains("namespace: order-platform");
    }

    /** Debian's promtool has no Kubernetes discovery, so this configuration is checked against its Deployment. */
    @Test
    void prometheusReadsItsRulesAndTokenWhereItsDeploymentMountsThem() {
        Map<String, Object> config = new Yaml().load(read("config/prometheus/prometheus-kubernetes.yml"));
        String rules = (String) list(config.get("rule_files")).get(0);
        String token = (String) map(map(map(list(config.get("scrape_configs")).get(0)).get("authorization"))).get("credentials_file");
        List<String> mounts = new ArrayList<>();
        Map<String, Object> pod = map(map(map(find("Deployment", "prometheus").get("spec")).get("template")).get("spec"));
        list(map(list(pod.get("containers")).get(0)).get("volumeMounts")).forEach(mount -> mounts.add((String) map(mount).get("mountPath")));
        assertThat(mounts).anyMatch(rules::startsWith).anyMatch(token::startsWith);
        assertThat(read("config/prometheus/prometheus-kubernetes.yml")).contains("kubernetes_sd_configs").contains("/actuator/prometheus");
    }

    private void forEachContainer(java.util.function.BiConsumer<Map<String, Object>, Map<String, Object>> action) {
        for (Map<String, Object> object : objects) {
            Map<String, Object> pod = podSpec(object);
            for (String kind : List.of("initContainers", "containers")) {
                list(pod.get(kind)).forEach(container -> action.accept(object, map(container)));
            }
        }
    }

    private List<Map<String, Object>> podVolumes(Map<String, Object> object) {
        List<Map<String, Object>> volumes = new ArrayList<>();
        list(podSpec(object).get("volumes")).forEach(volume -> volumes.add(map(volume)));
        return volumes;
    }

    /** The pod template's spec of a Deployment, StatefulSet or Job; empty for other kinds. */
    private static Map<String, Object> podSpec(Map<String, Object> object) {
        if (!Set.of("Deployment", "StatefulSet", "Job").contains(object.get("kind"))) {
            return Map.of();
        }
        return map(map(map(object.get("spec")).get("template")).get("spec"));
    }

    private Map<String, Object> find(String kind, String name) {
        return objects.stream().filter(object -> kind.equals(object.get("kind")) && name.equals(name(object))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static String name(Map<String, Object> object) {
        return (String) map(object.get("metadata")).get("name");
    }

    private static List<Map<String, Object>> load(String file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(read(file))) {
            if (document != null) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    private static String read(String file) {
        try {
            return Files.readString(DEPLOY.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }
}
