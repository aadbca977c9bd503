package dev.orderplatform.stack.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's own rules, with real (tiny) OS processes and real sockets. */
class LauncherTest {

    @TempDir
    Path repository;

    private StackContext context() {
        StackSettings settings = StackSettings.fromEnvironment(RunDirectory.Shape.DEFAULT, Map.of());
        return new StackContext(repository, new RunDirectory(repository.resolve(".run")), settings, () -> "0".repeat(64));
    }

    /** A component that runs a shell command and is ready when a marker file exists. */
    private record ShellComponent(String name, int port, String script, Duration startBudget) implements Component {
        @Override
        public String url() {
            return "test://" + name;
        }

        @Override
        public ProcessSpec prepare(StackContext context) {
            return new ProcessSpec(List.of("/bin/sh", "-c", script), Map.of(), context.run().dir(name));
        }

        @Override
        public boolean ready(StackContext context) {
            return Files.exists(context.run().dir(name).resolve("ready"));
        }
    }

    @Test
    void aBusyPortStopsUpNamingThePortAndItsHolder() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = busy.getLocalPort();
            Launcher launcher = new Launcher(context(), List.of(new ShellComponent("svc", port, "touch ready; sleep 30", Duration.ofSeconds(5))));

            assertThatThrownBy(launcher::up).isInstanceOf(Launcher.StackFailure.class)
                    .hasMessageContaining("Port " + port)
                    .hasMessageContaining("svc")
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
    }

    @Test
    void aProcessThatDiesDuringStartUpStopsUpWithItsLastLogLines() {
        Launcher launcher = new Launcher(context(), List.of(
                new ShellComponent("doomed", 0, "echo 'cannot open data file'; exit 3", Duration.ofSeconds(20))));

        assertThatThrownBy(launcher::up).isInstanceOf(Launcher.StackFailure.class)
                .hasMessageContaining("doomed exited during start-up")
                .hasMessageContaining("cannot open data file");
    }

    @Test
    void aProcessThatNeverBecomesReadyIsStoppedAfterItsBudget() {
        Launcher launcher = new Launcher(context(), List.of(
                new ShellComponent("sleepy", 0, "echo 'still warming up'; sleep 60", Duration.ofSeconds(2))));

        assertThatThrownBy(launcher::up).isInstanceOf(Launcher.StackFailure.class)
                .hasMessageContaining("did not become ready within 2 s")
                .hasMessageContaining("still warming up");
        assertThat(launcher.status()).singleElement().satisfies(line -> assertThat(line.state()).isEqualTo("stopped"));
    }

    @Test
    void upIsIdempotentAndDownStopsOnlyWhatItStarted() {
        Launcher launcher = new Launcher(context(), List.of(new ShellComponent("svc", 0, "touch ready; sleep 60", Duration.ofSeconds(10))));
        launcher.up();
        StatusLine first = launcher.status().get(0);
        assertThat(first.state()).isEqualTo("ready");

        launcher.up();
        assertThat(launcher.status().get(0).pid()).as("left alone").isEqualTo(first.pid());

        launcher.down();
        assertThat(ProcessHandle.of(first.pid()).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(launcher.status().get(0).state()).isEqualTo("stopped");
    }

    @Test
    void componentsMustBeListedAfterWhatTheyDependOn() {
        Component late = new ShellComponent("late", 0, "true", Duration.ofSeconds(1));
        assertThatThrownBy(() -> new Launcher(context(), List.of(new Component() {
            public String name() { return "first"; }
            public int port() { return 0; }
            public String url() { return ""; }
            public List<String> dependsOn() { return List.of("late"); }
            public Duration startBudget() { return Duration.ofSeconds(1); }
            public ProcessSpec prepare(StackContext context) { return null; }
            public boolean ready(StackContext context) { return true; }
        }, late))).isInstanceOf(IllegalArgumentException.class);
    }
}
