package dev.orderplatform.kit.testing;

import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * Checkouts placed continuously in the background (several clients, alternating over every order-svc
 * instance) while a test breaks something. Every answer is counted by kind; a request that cannot reach a
 * service (it was killed) counts as "unreachable" and the client carries on.
 */
public final class OrderLoad implements AutoCloseable {

    private final ExecutorService clients;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private final List<TimedAnswer> answers = Collections.synchronizedList(new ArrayList<>());

    /** One answer, with when its request was sent and when the answer came ({@link System#nanoTime()}). */
    public record TimedAnswer(String outcome, long sentNanos, long answeredNanos) {
    }

    private OrderLoad(RunningStack stack, List<String> users, List<String> skus, int clientCount) {
        Api api = new Api(stack);
        List<String> orderServices = stack.urls("order-svc");
        clients = Executors.newFixedThreadPool(clientCount);
        for (int client = 0; client < clientCount; client++) {
            int seed = client;
            clients.submit(() -> {
                Random random = new Random(seed);
                int n = seed;
                while (running.get()) {
                    String orderService = orderServices.get(n++ % orderServices.size());
                    Map<String, Object> order = walletOrder(users.get(random.nextInt(users.size())),
                            List.of(item(skus.get(random.nextInt(skus.size())), 1)), random.nextInt(3) == 0 ? 50 : 0);
                    String outcome;
                    long sent = System.nanoTime();
                    try {
                        Api.Answer answer = api.placeOrderAt(orderService, TestData.key(), order);
                        outcome = answer.status() + " " + answer.body().path("status").asText("")
                                + (answer.body().has("reason") ? " " + answer.body().path("reason").asText() : "");
                    } catch (RuntimeException unreachable) {
                        outcome = "unreachable";
                    }
                    answers.add(new TimedAnswer(outcome.trim(), sent, System.nanoTime()));
                    outcomes.computeIfAbsent(outcome.trim(), k -> new AtomicInteger()).incrementAndGet();
                }
            });
        }
    }

    /** Starts {@code clients} clients ordering one unit of a random SKU for a random user, until closed. */
    public static OrderLoad start(RunningStack stack, List<String> users, List<String> skus, int clients) {
        return new OrderLoad(stack, users, skus, clients);
    }

    /** Answers so far, by kind ("201 PAID", "201 REJECTED TIMEOUT", "202 PENDING_PAYMENT", "unreachable"…). */
    public Map<String, Integer> outcomes() {
        Map<String, Integer> copy = new TreeMap<>();
        outcomes.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Every answer so far, with its timing, in the order they came. */
    public List<TimedAnswer> answers() {
        synchronized (answers) {
            return List.copyOf(answers);
        }
    }

    public int placed() {
        return outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Waits (bounded) until the clients have had {@code more} answers from now on, whatever they were. */
    public void awaitMore(int more, Duration atMost) {
        int target = placed() + more;
        Awaitility.await(more + " more answers").atMost(atMost).until(() -> placed() >= target);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        clients.shutdown();
        clients.awaitTermination(3, TimeUnit.MINUTES);
    }
}
