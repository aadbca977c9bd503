package dev.orderplatform.stack.servers;

import dev.orderplatform.stack.core.StackContext;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Builds the command line of a JVM of the stack: small heap, serial GC, explicit classpath or jar. */
final class JavaCommand {

    private final List<String> command = new ArrayList<>();

    private JavaCommand(StackContext context, String heap) {
        command.add(context.java());
        command.add("-Xms" + Math.min(64, Integer.parseInt(heap.replace("m", ""))) + "m");
        command.add("-Xmx" + heap);
        command.add("-XX:+UseSerialGC");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Duser.timezone=UTC");
        command.add("-Dfile.encoding=UTF-8");
    }

    /** @param heap e.g. {@code "192m"} */
    static JavaCommand withHeap(StackContext context, String heap) {
        return new JavaCommand(context, heap);
    }

    JavaCommand option(String... options) {
        command.addAll(List.of(options));
        return this;
    }

    /** {@code -cp dir/*.jar... main args...}: the jars of a server module's {@code target/lib}. */
    List<String> classpath(List<Path> entries, String mainClass, String... args) {
        List<String> jars = new ArrayList<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry) && !entry.getFileName().toString().equals("classes")) {
                try (Stream<Path> files = Files.list(entry)) {
                    files.filter(f -> f.toString().endsWith(".jar")).sorted().forEach(f -> jars.add(f.toString()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            } else {
                jars.add(entry.toString());
            }
        }
        command.add("-cp");
        command.add(String.join(File.pathSeparator, jars));
        command.add(mainClass);
        command.addAll(List.of(args));
        return List.copyOf(command);
    }

    /**
     * The jar a process of the stack runs: a private copy of {@code built} taken into {@code home} at start, so a rebuild
     * while the stack runs cannot change it (a JVM whose jar changes under it fails with NoClassDefFoundError the next
     * time it loads a class). A copy, not a hard link: the build rewrites {@code target/*.jar} in place, which a link would
     * share.
     */
    static Path pinnedCopy(Path built, Path home) throws IOException {
        Path pinned = home.resolve(built.getFileName());
        Path partial = home.resolve(built.getFileName() + ".partial");
        Files.copy(built, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, pinned, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return pinned;
    }

    List<String> jar(Path jar, String... args) {
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        return List.copyOf(command);
    }
}
