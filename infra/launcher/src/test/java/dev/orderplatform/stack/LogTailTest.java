package dev.orderplatform.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./stack logs NAME -n N} reads a log from its end, whatever its size. */
class LogTailTest {

    @Test
    void theLastLinesOfALogLargerThanOneBlock(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("big.log");
        Files.writeString(log, IntStream.range(0, 20_000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));
        assertThat(StackCli.lastLines(log, 3)).containsExactly("line 19997", "line 19998", "line 19999");
    }

    @Test
    void aShortLogOrOneWithoutAFinalLineBreak(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("short.log");
        Files.writeString(log, "first\nsecond\nthird");
        assertThat(StackCli.lastLines(log, 10)).containsExactly("first", "second", "third");
        assertThat(StackCli.lastLines(log, 2)).containsExactly("second", "third");
        Files.writeString(log, "");
        assertThat(StackCli.lastLines(log, 5)).isEmpty();
    }
}
