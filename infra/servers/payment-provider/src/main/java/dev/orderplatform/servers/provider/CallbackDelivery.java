package dev.orderplatform.servers.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends callbacks to payment-svc. The deliveries of one payment go one after another: each waits for its final
 * answer (or for its retries to run out) before the next starts, so they arrive exactly in the script's order.
 *
 * <p>Every attempt is signed when it is sent, over the exact bytes sent. 2xx: delivered. No connection, a timeout,
 * 5xx, 408 or 429: tried again after a backoff ({@link RetryPolicy}), at the next callback URL (payment-svc may run
 * several instances, some of them down). Any other answer (401, 400, 422, …) is final: recorded, not retried.
 *
 * <p>Nothing blocks a thread while waiting: attempts are timed by one scheduler thread and sent asynchronously.
 */
final class CallbackDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDelivery.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** payment-svc answers within 1 s (docs/api.md); a callback unanswered for this long is retried. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final List<URI> callbackUrls;
    private final CallbackSigner signer;
    private final RetryPolicy retry;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService httpThreads;
    private final HttpClient http;
    /** Where the next delivery's first attempt goes: spreads deliveries over the instances. */
    private final AtomicInteger nextUrl = new AtomicInteger();

    CallbackDelivery(List<URI> callbackUrls, CallbackSigner signer, RetryPolicy retry, Clock clock) {
        if (callbackUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one callback URL is needed");
        }
        this.callbackUrls = List.copyOf(callbackUrls);
        this.signer = signer;
        this.retry = retry;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("callback-scheduler"));
        this.httpThreads = Executors.newFixedThreadPool(2, daemon("callback-http"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(httpThreads)
                .build();
    }

    /**
     * Sends {@code deliveries} one after another, the first at {@code firstAttemptAt}, waiting {@code gap} before each
     * delivery of another event than the one before.
     */
    void start(String paymentId, List<Delivery> deliveries, Instant firstAttemptAt, Duration gap) {
        if (deliveries.isEmpty()) {
            return;
        }
        Sequence sequence = new Sequence(paymentId, deliveries, gap);
        schedule(() -> sequence.attempt(), Duration.between(clock.instant(), firstAttemptAt));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        httpThreads.shutdownNow();
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            LOG.debug("not scheduled: the simulator is stopping");
        }
    }

    /** The deliveries of one script, sent strictly one after another. Touched only on the scheduler thread. */
    private final class Sequence {

        private final String paymentId;
        private final List<Delivery> deliveries;
        private final Duration gap;
        private int current;
        private Instant currentStartedAt;
        private int urlOffset;

        Sequence(String paymentId, List<Delivery> deliveries, Duration gap) {
            this.paymentId = paymentId;
            this.deliveries = deliveries;
            this.gap = gap;
        }

        void attempt() {
            Delivery delivery = deliveries.get(current);
            int attempt = delivery.startAttempt();
            if (attempt == 1) {
                currentStartedAt = clock.instant();
                urlOffset = Math.floorMod(nextUrl.getAndIncrement(), callbackUrls.size());
            }
            URI url = callbackUrls.get((urlOffset + attempt - 1) % callbackUrls.size());
            try {
                byte[] body = delivery.body();
                HttpRequest request = HttpRequest.newBuilder(url)
                        .timeout(ANSWER_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .header(CallbackSigner.HEADER, signer.header(clock.instant().getEpochSecond(), body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, error) -> {
                            try {
                                scheduler.execute(() -> answered(delivery, attempt, url, response, error));
                            } catch (RejectedExecutionException shuttingDown) {
                                LOG.debug("answer dropped: the simulator is stopping");
                            }
                        });
            } catch (RuntimeException notSent) {
                answered(delivery, attempt, url, null, notSent);
            }
        }

        private void answered(Delivery delivery, int attempt, URI url, HttpResponse<Void> response, Throwable error) {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                delivery.failed(cause instanceof IOException ? cause.toString() : "unexpected: " + cause);
                retryOrGiveUp(delivery, attempt, url + ": " + cause);
                return;
            }
            int status = response.statusCode();
            delivery.answered(status);
            if (status >= 200 && status < 300) {
                finish(delivery, Delivery.Outcome.DELIVERED, attempt, url + " answered " + status);
            } else if (status >= 500 || status == 408 || status == 429) {
                retryOrGiveUp(delivery, attempt, url + " answered " + status);
            } else {
                finish(delivery, Delivery.Outcome.REJECTED, attempt, url + " answered " + status + ", final");
            }
        }

        private void retryOrGiveUp(Delivery delivery, int attempt, String why) {
            Duration delay = retry.delayAfter(attempt);
            Instant next = clock.instant().plus(delay);
            if (next.isAfter(currentStartedAt.plus(retry.giveUpAfter()))) {
                finish(delivery, Delivery.Outcome.GAVE_UP, attempt, why);
                return;
            }
            LOG.info("callback {} copy {} of payment {}: attempt {} failed ({}), retrying in {} ms",
                    delivery.event().eventId(), delivery.copy(), paymentId, attempt, why, delay.toMillis());
            schedule(this::attempt, delay);
        }

        private void finish(Delivery delivery, Delivery.Outcome outcome, int attempts, String why) {
            delivery.finish(outcome);
            if (outcome == Delivery.Outcome.GAVE_UP) {
                LOG.warn("callback {} copy {} of payment {}: gave up after {} attempts ({})",
                        delivery.event().eventId(), delivery.copy(), paymentId, attempts, why);
            } else if (outcome == Delivery.Outcome.REJECTED) {
                LOG.info("callback {} {} copy {} of payment {}: rejected after {} attempt(s) ({})", delivery.event().eventId(),
                        delivery.event().status(), delivery.copy(), paymentId, attempts, why);
            } else {
                // one line per callback would dominate the log (and its CPU) under the benchmark's load
                LOG.debug("callback {} {} copy {} of payment {}: delivered after {} attempt(s) ({})", delivery.event().eventId(),
                        delivery.event().status(), delivery.copy(), paymentId, attempts, why);
            }
            current++;
            if (current < deliveries.size()) {
                boolean nextEvent = !deliveries.get(current).event().eventId().equals(delivery.event().eventId());
                schedule(this::attempt, nextEvent ? gap : Duration.ZERO);
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
