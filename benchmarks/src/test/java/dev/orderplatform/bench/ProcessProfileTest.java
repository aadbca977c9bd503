package dev.orderplatform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a real JFR recording of this JVM while a method of this package keeps a thread busy. */
class ProcessProfileTest {

    @Test
    void samplesAreChargedToThePlatformMethodUnderWhichTheyRan(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("self.jfr");
        Instant measuredFrom;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.enable("jdk.GarbageCollection");
            recording.start();
            assertThat(warmUpFor(Duration.ofMillis(300))).isPositive();
            // JFR's clock and Instant.now() can disagree by a few milliseconds: a margin keeps the warm-up's last
            // samples out of the window
            measuredFrom = Instant.now().plusMillis(50);
            assertThat(busyFor(Duration.ofMillis(1000))).isPositive();
            recording.stop();
            recording.dump(file);
        }

        ProcessProfile profile = ProcessProfile.read("self", file, measuredFrom);

        assertThat(profile.samples()).isPositive();
        assertThat(profile.byLayer()).containsKey("platform code");
        assertThat(profile.ours()).containsKey(ProcessProfileTest.class.getName() + ".busyFor")
                .doesNotContainKey(ProcessProfileTest.class.getName() + ".warmUpFor");
        assertThat(profile.byLayer().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(profile.samples());
    }

    @Test
    void aStackOfOnlyTheJdksOwnFramesIsChargedToTheJdk() {
        assertThat(ProcessProfile.isJdk("java.util.HashMap")).isTrue();
        assertThat(ProcessProfile.isJdk("sun.nio.ch.SocketChannelImpl")).isTrue();
        assertThat(ProcessProfile.isJdk("io.seata.core.rpc.netty.AbstractNettyRemoting")).isFalse();
    }

    /** Runs before the measured window: its samples must not count. */
    private static double warmUpFor(Duration duration) {
        return spin(duration);
    }

    private static double busyFor(Duration duration) {
        return spin(duration);
    }

    private static double spin(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        double sink = 0;
        while (System.nanoTime() < until) {
            // work with calls and allocation, like a service's: JFR cannot walk the stack of a thread caught in a
            // tight arithmetic loop that C2 compiled (or inside System.nanoTime()), and drops those samples
            for (int i = 0; i < 1_000; i++) {
                sink += Integer.toString(i).hashCode();
            }
        }
        return sink;
    }
}
