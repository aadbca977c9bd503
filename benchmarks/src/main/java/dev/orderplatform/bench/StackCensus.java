package dev.orderplatform.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the stack holds and uses at one moment, for the soak run: the row count of every table of its MySQL databases,
 * the document count of every collection of the points database, and for every process its resident memory, its open
 * file descriptors and — for a JVM, and only for one — its heap in use right after a full collection ({@code jcmd GC.run}, then
 * {@code GC.heap_info}; a forced collection a minute is the price of a number that does not depend on when the
 * collector last ran).
 */
final class StackCensus implements AutoCloseable {

    private static final List<String> DATABASES = List.of("orders", "inventory", "payments", "seata_tc");
    private static final Pattern HEAP_USED = Pattern.compile(
            "^\\s*(def new generation|tenured generation|garbage-first heap|PSYoungGen|ParOldGen)\\s+total \\d+K, used (\\d+)K");

    /** One census: counts by "database.table" / "points.collection", and per process name its memory and descriptors. */
    record Sample(long atMillis, Map<String, Long> counts, Map<String, ProcessUse> processes) {
    }

    /** A process's use: heap after a full GC (KiB; -1 for a process that is not a JVM), resident set (KiB), open fds. */
    record ProcessUse(long heapKib, long rssKib, long openFiles) {
    }

    private final String mysqlUrl;
    private final MongoClient mongo;
    private final Map<String, Long> pids;

    StackCensus(String mysqlUrl, String mongoUri, Map<String, Long> pids) {
        this.mysqlUrl = mysqlUrl;
        this.mongo = MongoClients.create(mongoUri);
        this.pids = pids;
    }

    Sample take() throws SQLException, IOException, InterruptedException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(mysqlUrl + "/?sslMode=DISABLED", "root", "");
             Statement statement = connection.createStatement()) {
            for (String database : DATABASES) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                        + database + "' ORDER BY table_name")) {
                    while (rows.next()) {
                        tables.add(rows.getString(1));
                    }
                }
                for (String table : tables) {
                    try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM `" + database + "`.`" + table + "`")) {
                        count.next();
                        counts.put(database + "." + table, count.getLong(1));
                    }
                }
            }
        }
        MongoDatabase points = mongo.getDatabase("points");
        for (String collection : points.listCollectionNames().into(new ArrayList<>()).stream().sorted().toList()) {
            counts.put("points." + collection, points.getCollection(collection).countDocuments());
        }
        Map<String, ProcessUse> processes = new LinkedHashMap<>();
        for (Map.Entry<String, Long> process : pids.entrySet()) {
            processes.put(process.getKey(), use(process.getValue()));
        }
        return new Sample(System.currentTimeMillis(), counts, processes);
    }

    private static ProcessUse use(long pid) throws IOException, InterruptedException {
        Path proc = Path.of("/proc", Long.toString(pid));
        if (!Files.isDirectory(proc)) {
            return new ProcessUse(-1, -1, -1);
        }
        long rss = Files.readAllLines(proc.resolve("status")).stream().filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", ""))).findFirst().orElse(-1);
        long files;
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            files = fds.count();
        }
        return new ProcessUse(isJvm(proc) ? heapAfterGc(pid) : -1, rss, files);
    }

    /**
     * Whether the process is a JVM. Checked before any jcmd: jcmd signals its target with SIGQUIT to attach, which a
     * JVM answers and MariaDB or Redis take as an order to shut down.
     */
    private static boolean isJvm(Path proc) throws IOException {
        String command = new String(Files.readAllBytes(proc.resolve("cmdline"))).split("\0", 2)[0];
        return Path.of(command).getFileName() != null && Path.of(command).getFileName().toString().equals("java");
    }

    private static long heapAfterGc(long pid) throws IOException, InterruptedException {
        if (jcmd(pid, "GC.run") == null) {
            return -1;
        }
        String info = jcmd(pid, "GC.heap_info");
        return info == null ? -1 : heapUsedKib(info);
    }

    /** The heap in use (KiB) that {@code jcmd GC.heap_info} reports: the sum over its generations; -1 if it names none. */
    static long heapUsedKib(String info) {
        long used = 0;
        boolean found = false;
        for (String line : info.split("\n")) {
            Matcher matcher = HEAP_USED.matcher(line);
            if (matcher.find()) {
                used += Long.parseLong(matcher.group(2));
                found = true;
            }
        }
        return found ? used : -1;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            return null;
        }
        return output;
    }

    @Override
    public void close() {
        mongo.close();
    }
}
