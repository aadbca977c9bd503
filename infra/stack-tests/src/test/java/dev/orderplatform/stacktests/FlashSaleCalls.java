package dev.orderplatform.stacktests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.Invariants.Row;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/** The flash-sale API as the stack tests call it (through the gateway), and what they read of a sale from the databases. */
final class FlashSaleCalls {

    private final RunningStack stack;
    private final Api api;
    private final Invariants invariants;

    FlashSaleCalls(RunningStack stack, Api api, Invariants invariants) {
        this.stack = stack;
        this.api = api;
        this.invariants = invariants;
    }

    /** {@code POST /admin/flash-sales} as an operator. */
    Answer create(String idempotencyKey, Map<String, Object> terms) {
        return api.send(api.request(stack.gateway() + "/admin/flash-sales")
                .header("Authorization", "Bearer " + stack.token("operator"))
                .header("Idempotency-Key", idempotencyKey)
                .POST(BodyPublishers.ofString(Api.write(terms))));
    }

    static Map<String, Object> terms(String sku, long units, long priceCents, Instant startsAt, Instant endsAt,
                                     int perUserLimit) {
        Map<String, Object> terms = new HashMap<>();
        terms.put("sku", sku);
        terms.put("units", units);
        terms.put("priceCents", priceCents);
        terms.put("startsAt", startsAt.toString());
        terms.put("endsAt", endsAt.toString());
        terms.put("perUserLimit", perUserLimit);
        return terms;
    }

    /** Creates a sale of {@code units} open from now for {@code seconds}; returns its id. */
    String openSale(String sku, long units, long priceCents, long seconds, int perUserLimit) {
        Instant now = Instant.now();
        Answer created = create(TestData.key(), terms(sku, units, priceCents, now.minusSeconds(1), now.plusSeconds(seconds),
                perUserLimit));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.body().path("saleId").asText();
    }

    Answer purchase(String saleId, String idempotencyKey, Map<String, Object> body) {
        return api.send(api.request(stack.gateway() + "/api/flash-sales/" + saleId + "/purchases")
                .header("Idempotency-Key", idempotencyKey)
                .POST(BodyPublishers.ofString(Api.write(body))));
    }

    /** One unit for {@code buyer}, paid from the wallet. */
    Answer buyOne(String saleId, String idempotencyKey, String buyer) {
        return purchase(saleId, idempotencyKey, purchaseOf(buyer, 1));
    }

    static Map<String, Object> purchaseOf(String userId, int quantity) {
        Map<String, Object> body = new HashMap<>();
        body.put("userId", userId);
        body.put("quantity", quantity);
        body.put("payment", "WALLET");
        return body;
    }

    long unitsLeft(String saleId) {
        return api.get(stack.gateway() + "/api/flash-sales/" + saleId).body().path("unitsLeft").asLong();
    }

    /** Polls the purchase at {@code location} (its Location header) until it is no longer QUEUED; asserts {@code status}. */
    Answer awaitFinished(String location, String status) {
        String url = stack.gateway() + location;
        Awaitility.await("purchase " + status).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> api.get(url).body().path("status").asText(), found -> !found.equals("QUEUED"));
        Answer finished = api.get(url);
        assertThat(finished.body().path("status").asText()).as(finished.toString()).isEqualTo(status);
        return finished;
    }

    /**
     * A crowd of {@code buyers}, one unit each under its own key, the i-th sent {@code i × pace} after the start, each
     * trying its key again after an error for up to a minute (as a careful client does); answers each buyer's last answer.
     */
    CompletableFuture<Map<String, Answer>> crowd(String saleId, List<String> buyers, Duration pace) {
        ExecutorService senders = Executors.newFixedThreadPool(6);
        long start = System.nanoTime();
        List<CompletableFuture<Answer>> sent = new ArrayList<>();
        for (int i = 0; i < buyers.size(); i++) {
            long sendAt = start + i * pace.toNanos();
            String buyer = buyers.get(i);
            sent.add(CompletableFuture.supplyAsync(() -> {
                LockSupport.parkNanos(sendAt - System.nanoTime());
                return buyRetrying(saleId, TestData.key(), buyer);
            }, senders));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(done -> {
            senders.shutdown();
            Map<String, Answer> answers = new LinkedHashMap<>();
            for (int i = 0; i < buyers.size(); i++) {
                answers.put(buyers.get(i), sent.get(i).join());
            }
            return answers;
        });
    }

    private Answer buyRetrying(String saleId, String key, String buyer) {
        long giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Answer answer = buyOne(saleId, key, buyer);
        while (answer.status() >= 500 && System.nanoTime() < giveUp) {
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos()); // a client's pause before it retries
            answer = buyOne(saleId, key, buyer);
        }
        return answer;
    }

    /**
     * After a fault: every admitted purchase finishes, then buyers still without a paid purchase try again (a new
     * key) while the sale has units left — units that came back meanwhile (a failed admission's, a swept one's) —
     * until all {@code units} are sold. Asserts none was sold twice.
     */
    void sellOut(String saleId, List<String> buyers, long units, Duration atMost) {
        Awaitility.await("every purchase finished").atMost(atMost).pollInterval(Duration.ofMillis(500))
                .untilAsserted(invariants::assertSettled);
        Awaitility.await("every unit sold").atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Set<String> withPaid = invariants.flashPurchases().stream().filter(row -> row.s("status").equals("PAID"))
                    .map(row -> row.s("user_id")).collect(Collectors.toSet());
            for (String buyer : buyers) {
                if (!withPaid.contains(buyer) && unitsLeft(saleId) > 0) {
                    buyRetrying(saleId, TestData.key(), buyer);
                }
            }
            invariants.assertSettled();
            return allocationOf(saleId).l("sold") == units;
        });
        assertThat(allocationOf(saleId).l("sold")).as("sold, never more than the units").isEqualTo(units);
        assertThat(paid()).as("paid purchases").isEqualTo(units);
    }

    /** Paid purchases in this test's sales. */
    long paid() {
        return invariants.flashPurchases().stream().filter(row -> row.s("status").equals("PAID")).count();
    }

    /** Answers by status and problem type (or purchase status), for a fault report. */
    static Map<String, Long> tally(Collection<Answer> answers) {
        return answers.stream().collect(Collectors.groupingBy(answer -> answer.status() + " "
                + answer.body().path("type").asText(answer.body().path("status").asText()), TreeMap::new, Collectors.counting()));
    }

    /** The sale as inventory-svc holds it. */
    Row allocationOf(String saleId) {
        return invariants.rows("inventory", "SELECT * FROM sale_allocations WHERE sale_id = ?", saleId).get(0);
    }

    Row stockOf(String sku) {
        return invariants.rows("inventory", "SELECT * FROM stock_items WHERE sku = ?", sku).get(0);
    }
}
