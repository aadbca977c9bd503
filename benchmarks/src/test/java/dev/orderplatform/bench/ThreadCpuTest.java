package dev.orderplatform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void threadsOfOnePoolShareAGroupWhateverTheirNumber() {
        assertThat(ThreadCpu.group("http-nio-8081-exec-12")).isEqualTo("http-nio-8081-exec");
        assertThat(ThreadCpu.group("ServerHandlerThread_1_7_500")).isEqualTo("ServerHandlerThread");
        assertThat(ThreadCpu.group("C2 CompilerThread0")).isEqualTo("C2 CompilerThread");
        assertThat(ThreadCpu.group("VM Thread")).isEqualTo("VM Thread");
        assertThat(ThreadCpu.group("42")).isEqualTo("42");
    }

    @Test
    void theCpuABusyThreadUsesIsChargedToItsGroup() throws Exception {
        long pid = ProcessHandle.current().pid();
        Map<String, Map.Entry<String, Double>> before = ThreadCpu.read(pid);
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        double[] sink = new double[1];
        Thread busy = new Thread(() -> {
            long until = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < until) {
                sink[0] += Math.sqrt(sink[0] + 1); // spinning is the point: this thread must use CPU
            }
            spun.countDown();
            try {
                release.await(); // stays alive until it has been read: an ended thread's time is not in /proc
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-busy-7");
        busy.start();
        spun.await();
        Map<String, Double> used = ThreadCpu.between(before, ThreadCpu.read(pid));
        release.countDown();
        busy.join();

        assertThat(sink[0]).isPositive();
        assertThat(used.values()).allMatch(seconds -> seconds > 0);
        assertThat(used.get("bench-busy")).isPositive();
    }
}
