package dev.orderplatform.kit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * What each fault test observed (how long until every order was terminal, what the clients were answered),
 * appended to {@code target/fault-report.txt} of the module running the tests — a record, not an assertion.
 */
public final class FaultReport {

    private static final Path REPORT = Path.of("target", "fault-report.txt");

    private FaultReport() {
    }

    public static void record(String fault, Duration untilSettled, Object details) {
        String line = String.format("%s  %-60s settled in %5.1f s  %s%n", Instant.now(), fault,
                untilSettled.toMillis() / 1000.0, details);
        try {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
