package dev.orderplatform.deploy;

import static dev.orderplatform.deploy.DeployingGuide.REPOSITORY;
import static dev.orderplatform.deploy.DeployingGuide.VERSION;
import static dev.orderplatform.deploy.DeployingGuide.WORKLOADS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The container images Jib builds in every service's and the gateway's {@code package} phase
 * ({@code target/image/<name>-<kind>.tar}) hold the application the stack tests run: the same libraries as the
 * executable jar, the main class, the port, a non-root user, and a name and tag the deployment files use. Here the tars
 * are "app-layers" (no registry to pull a JRE base from); {@code -Pimages} builds "runnable" ones on the same layers.
 */
class ContainerImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"order-svc", "inventory-svc", "payment-svc", "points-svc", "gateway"})
    void theImageHoldsTheApplicationItIsNamedFor(String name) throws IOException {
        DeployingGuide.Workload workload = WORKLOADS.get(name);
        List<Path> tars = imageTars(name);
        assertThat(tars).as("image tars of %s (built by ./mvnw package)", name).isNotEmpty();
        for (Path tar : tars) {
            Image image = Image.read(tar);
            assertThat(image.manifest().path(0).path("RepoTags").get(0).asText()).isEqualTo("order-platform/" + name + ":" + VERSION);

            JsonNode config = image.config().path("config");
            List<String> entrypoint = texts(config.path("Entrypoint"));
            assertThat(entrypoint).first().isEqualTo("java");
            assertThat(entrypoint).last().isEqualTo(workload.mainClass());
            assertThat(entrypoint).contains("-cp", "@/app/jib-classpath-file", "-XX:+ExitOnOutOfMemoryError", "-Duser.home=/tmp");
            assertThat(config.path("ExposedPorts").has(workload.port() + "/tcp")).as("exposes %d", workload.port()).isTrue();
            assertThat(config.path("User").asText()).as("runs as a non-root user").isEqualTo("65532:65532");
            assertThat(texts(config.path("Env"))).contains("SERVICE_BIND=0.0.0.0");

            Set<String> files = image.files();
            assertThat(files).contains("app/classes/" + workload.mainClass().replace('.', '/') + ".class");
            assertThat(files).anyMatch(file -> file.equals("app/resources/application.yml"));
            Set<String> libraries = new TreeSet<>();
            files.stream().filter(file -> file.startsWith("app/libs/") && file.endsWith(".jar"))
                    .forEach(file -> libraries.add(file.substring("app/libs/".length())));
            // Spring Boot leaves its starters (jars without classes, Spring-Boot-Jar-Type: dependencies-starter) out of
            // the executable jar; Jib keeps them
            Set<String> withoutStarters = new TreeSet<>(libraries);
            withoutStarters.removeIf(library -> library.startsWith("spring-boot-starter"));
            assertThat(withoutStarters).as("the image's libraries are the executable jar's").isEqualTo(executableJarLibraries(name));
            String classpath = image.text("app/jib-classpath-file");
            for (String library : libraries) {
                assertThat(classpath).as("classpath names %s", library).contains("/app/libs/" + library);
            }
        }
    }

    private static List<Path> imageTars(String name) throws IOException {
        Path dir = REPOSITORY.resolve(name).resolve("target/image");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().matches(name + "-(app-layers|runnable)\\.tar")).sorted().toList();
        }
    }

    /** BOOT-INF/lib of target/<name>.jar, the jar ./stack runs. */
    private static Set<String> executableJarLibraries(String name) throws IOException {
        Set<String> libraries = new TreeSet<>();
        try (JarFile jar = new JarFile(REPOSITORY.resolve(name).resolve("target/" + name + ".jar").toFile())) {
            jar.stream().map(entry -> entry.getName())
                    .filter(entry -> entry.startsWith("BOOT-INF/lib/") && entry.endsWith(".jar"))
                    .forEach(entry -> libraries.add(entry.substring("BOOT-INF/lib/".length())));
        }
        // Spring Boot adds its own launcher support to the executable jar only
        libraries.removeIf(library -> library.startsWith("spring-boot-jarmode-"));
        return libraries;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** A docker-save style tar: manifest.json, the config, and gzipped layers; small files kept for reading. */
    private record Image(JsonNode manifest, JsonNode config, Set<String> files, Map<String, String> smallFiles) {

        String text(String file) {
            return smallFiles.getOrDefault(file, "");
        }

        /** Streams the tar once (the layers are ~150 MB): the layers' file names, and every small file's text. */
        static Image read(Path tar) throws IOException {
            Map<String, byte[]> metadata = new HashMap<>();
            Set<String> files = new TreeSet<>();
            Map<String, String> smallFiles = new HashMap<>();
            try (TarArchiveInputStream archive = new TarArchiveInputStream(Files.newInputStream(tar))) {
                for (TarArchiveEntry entry; (entry = archive.getNextEntry()) != null; ) {
                    if (!entry.getName().endsWith(".tar.gz")) {
                        metadata.put(entry.getName(), archive.readAllBytes());
                        continue;
                    }
                    // not closed: closing would close the outer archive too
                    TarArchiveInputStream layer = new TarArchiveInputStream(new GZIPInputStream(archive));
                    for (TarArchiveEntry file; (file = layer.getNextEntry()) != null; ) {
                        files.add(file.getName());
                        if (file.isFile() && file.getSize() < 64 * 1024) {
                            smallFiles.put(file.getName(), new String(layer.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
            JsonNode manifest = JSON.readTree(metadata.get("manifest.json"));
            JsonNode config = JSON.readTree(metadata.get(manifest.path(0).path("Config").asText()));
            return new Image(manifest, config, files, smallFiles);
        }
    }
}
