package dev.orderplatform.stack.core;

import java.nio.file.Path;
import java.util.function.Supplier;

/** What every component needs to know to start: where things are, how the stack is set up, the admin token. */
public record StackContext(Path repository, RunDirectory run, StackSettings settings, Supplier<String> adminTokenSha256) {

    /** The java binary running the launcher; every JVM of the stack uses the same one. */
    public String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The classpath directory a server module under {@code infra/servers} filled with its jars. */
    public Path serverLib(String module) {
        return repository.resolve("infra").resolve("servers").resolve(module).resolve("target").resolve("lib");
    }
}
