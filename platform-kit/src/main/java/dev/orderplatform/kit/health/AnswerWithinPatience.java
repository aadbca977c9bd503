package dev.orderplatform.kit.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * A readiness check that asks a server a question and waits at most {@code patience} for the answer. The question runs
 * on one thread of the check's own, one at a time: a server that stopped answering (a frozen process keeps its
 * connections open, so a client's own timeouts — the Seata TM's is 30 s — are what would end the wait) costs that one
 * thread, never a request thread per probe; meanwhile every check reports DOWN after {@code patience}.
 */
public abstract class AnswerWithinPatience implements HealthIndicator, AutoCloseable {

    private final String dependency;
    private final Duration patience;
    private final ExecutorService asker;
    private final AtomicReference<CompletableFuture<Health>> pending = new AtomicReference<>();

    /** @param dependency the server's name in the readiness group and in metrics (e.g. {@code transactionCoordinator}) */
    protected AnswerWithinPatience(String dependency, Duration patience) {
        this.dependency = dependency;
        this.patience = patience;
        CustomizableThreadFactory threads = new CustomizableThreadFactory(dependency + "-health-");
        threads.setDaemon(true);
        this.asker = Executors.newSingleThreadExecutor(threads);
    }

    public String dependency() {
        return dependency;
    }

    /** Asks the server; UP with what it said, or throws (DOWN with the exception). */
    protected abstract Health ask() throws Exception;

    @Override
    public Health health() {
        CompletableFuture<Health> answer = questionInFlight();
        try {
            return answer.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException silent) {
            return Health.down().withDetail("reason", "no answer within " + patience.toMillis() + " ms").build();
        } catch (ExecutionException failed) {
            return Health.down(failed.getCause() instanceof Exception e ? e : new IllegalStateException(failed.getCause())).build();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
    }

    /** The question still waiting for its answer, or a new one: never two at once. */
    private CompletableFuture<Health> questionInFlight() {
        while (true) {
            CompletableFuture<Health> current = pending.get();
            if (current != null && !current.isDone()) {
                return current;
            }
            CompletableFuture<Health> next = new CompletableFuture<>();
            if (pending.compareAndSet(current, next)) {
                asker.execute(() -> {
                    try {
                        next.complete(ask());
                    } catch (Throwable e) {
                        next.completeExceptionally(e);
                    }
                });
                return next;
            }
        }
    }

    @Override
    public void close() {
        asker.shutdownNow();
    }
}
