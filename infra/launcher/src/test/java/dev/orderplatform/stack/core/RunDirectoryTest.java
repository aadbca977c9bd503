package dev.orderplatform.stack.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @TempDir
    Path root;

    @Test
    void aTrackedProcessIsRecognisedByPidAndStartTime() {
        RunDirectory run = new RunDirectory(root);
        TrackedProcess self = TrackedProcess.of("self", ProcessHandle.current());
        run.track(self);

        assertThat(run.tracked("self")).contains(self);
        assertThat(run.tracked("self").orElseThrow().alive()).isTrue();
        assertThat(self.startTicks()).as("the kernel's start time, read from /proc").isPositive();
        TrackedProcess impostor = new TrackedProcess("self", self.pid(), self.startedAt(), self.startTicks() + 1);
        assertThat(impostor.alive()).as("same pid, other start time: a reused pid is not ours").isFalse();
        TrackedProcess afterAClockStep = new TrackedProcess("self", self.pid(), self.startedAt().plusSeconds(12), self.startTicks());
        assertThat(afterAClockStep.alive()).as("the wall clock was stepped: still the same process").isTrue();
        TrackedProcess recordedWithoutTicks = new TrackedProcess("self", self.pid(), Instant.EPOCH, -1);
        assertThat(recordedWithoutTicks.alive()).as("no kernel start time recorded: the start instant decides").isFalse();

        run.untrack("self");
        assertThat(run.tracked("self")).isEmpty();
    }

    @Test
    void theAdminTokenComesFromTheEnvironmentOrIsGeneratedOnceAndKept() {
        RunDirectory run = new RunDirectory(root);
        assertThat(run.adminToken("from-env")).isEqualTo("from-env");
        assertThat(Files.exists(run.adminTokenFile())).isFalse();

        String generated = run.adminToken(null);
        assertThat(generated).hasSize(48);
        assertThat(run.adminToken(null)).isEqualTo(generated);
        assertThat(run.adminTokenFile()).exists();
    }

    @Test
    void thePaymentProviderSecretIsGeneratedOnceKeptPrivateAndApartFromTheAdminToken() throws Exception {
        RunDirectory run = new RunDirectory(root);

        String secret = run.paymentProviderSecret();

        assertThat(secret).hasSize(48).isEqualTo(run.paymentProviderSecret()).isNotEqualTo(run.adminToken(null));
        assertThat(run.paymentProviderSecretFile()).isEqualTo(root.resolve("payment-provider-secret"));
        assertThat(Files.readString(run.paymentProviderSecretFile()).trim()).isEqualTo(secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run.paymentProviderSecretFile()))).isEqualTo("rw-------");
        assertThat(new RunDirectory(root).paymentProviderSecret()).as("kept across launcher runs").isEqualTo(secret);
        try (var leftovers = Files.list(root)) {
            assertThat(leftovers.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("admin-token", "payment-provider-secret");
        }
    }

    @Test
    void concurrentFirstUsesAgreeOnOneGeneratedToken() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<String>> tokens = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            // separate RunDirectory objects, like separate launcher processes
            tokens.add(threads.submit(() -> new RunDirectory(root.resolve("shared")).adminToken(null)));
        }
        Set<String> distinct = new HashSet<>();
        for (Future<String> token : tokens) {
            distinct.add(token.get());
        }
        threads.shutdown();
        assertThat(distinct).hasSize(1);
        assertThat(new RunDirectory(root.resolve("shared")).adminToken(null)).isEqualTo(distinct.iterator().next());
    }

    @Test
    void theShapeOfTheRunningStackIsRememberedUntilDownAndWipeRemovesEverything() {
        RunDirectory run = new RunDirectory(root.resolve("run"));
        assertThat(run.lastShape()).isEmpty();
        run.rememberShape(new RunDirectory.Shape(2, true, true, true, 7));
        assertThat(run.lastShape()).contains(new RunDirectory.Shape(2, true, true, true, 7));
        run.forgetShape();
        assertThat(run.lastShape()).isEmpty();
        run.rememberShape(RunDirectory.Shape.DEFAULT);
        run.wipe();
        assertThat(root.resolve("run")).doesNotExist();
    }
}
