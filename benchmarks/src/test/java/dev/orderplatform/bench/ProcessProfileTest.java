package dev.orderplatform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a real JFR recording of this JVM while a method of this package keeps a thread busy. */
class ProcessProfileTest {

    @Test
    void samplesAreChargedToThePlatformMethodUnderWhichTheyRan(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("self.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.enable("jdk.GarbageCollection");
            recording.start();
            assertThat(busyFor(Duration.ofMillis(600))).isPositive();
            recording.stop();
            recording.dump(file);
        }

        ProcessProfile profile = ProcessProfile.read("self", file);

        assertThat(profile.samples()).isPositive();
        assertThat(profile.byLayer()).containsKey("platform code");
        assertThat(profile.ours()).containsKey(ProcessProfileTest.class.getName() + ".busyFor");
        assertThat(profile.byLayer().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(profile.samples());
    }

    @Test
    void aStackOfOnlyTheJdksOwnFramesIsChargedToTheJdk() {
        assertThat(ProcessProfile.isJdk("java.util.HashMap")).isTrue();
        assertThat(ProcessProfile.isJdk("sun.nio.ch.SocketChannelImpl")).isTrue();
        assertThat(ProcessProfile.isJdk("io.seata.core.rpc.netty.AbstractNettyRemoting")).isFalse();
    }

    private static double busyFor(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        double sink = 0;
        while (System.nanoTime() < until) {
            sink += Math.sqrt(sink + 1); // spinning is the point: the recording must catch this method running
        }
        return sink;
    }
}
