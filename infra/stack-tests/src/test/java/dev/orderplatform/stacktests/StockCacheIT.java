package dev.orderplatform.stacktests;

import static dev.orderplatform.kit.testing.Api.item;
import static dev.orderplatform.kit.testing.Api.walletOrder;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.Api;
import dev.orderplatform.kit.testing.Api.Answer;
import dev.orderplatform.kit.testing.Invariants;
import dev.orderplatform.kit.testing.RunningStack;
import dev.orderplatform.kit.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The stock cache (issue: stock cache kept right by RocketMQ transactional messages): every stock change reaches
 * Redis with its version, reads are served from the cache, and nothing — a reader filling a miss, a duplicate, a
 * message replayed out of order — moves an entry backwards. Each test ends with the invariants, the cache's
 * included (it equals the database, value and version).
 */
class StockCacheIT {

    private static final String STALE = "result:stale";
    /** ./stack's platform.stock-cache.max-redeliveries: redelivered after 10 s and 30 s, then dead-lettered. */
    private static final Duration UNTIL_DEAD_LETTERED = Duration.ofSeconds(120);
    private static final Pattern CHANGE_ID = Pattern.compile("\"changeId\":\"([^\"]+)\"");

    private final RunningStack stack = RunningStack.shared();
    private final Api api = new Api(stack);
    private final TestData data = TestData.fresh("sc");
    private final Invariants invariants = new Invariants(stack, data.prefix());

    @AfterEach
    void disarm() {
        api.clearFaults("inventory-svc");
    }

    @Test
    void everyStockChangeReachesTheCacheAndReadsAreServedFromIt() {
        String sku = data.sku("SKU");
        String user = data.user("ann");
        assertThat(api.restock(sku, 250, 10).status()).isEqualTo(201);
        assertThat(api.topUp(user, 100_000).status()).isEqualTo(201);
        for (int i = 0; i < 3; i++) {
            assertThat(api.placeOrder(TestData.key(), walletOrder(user, List.of(item(sku, 2)), 0)).body().path("status").asText())
                    .isEqualTo("PAID");
        }
        assertThat(api.restock(sku, 260, 20).status()).isEqualTo(200);
        invariants.awaitSettledAndAssertAll(); // includes: the cache equals the database, value and version

        Answer hit = api.stock(sku);
        assertThat(hit.header("Cache-Status")).isEqualTo("hit");
        assertThat(hit.body().path("available").asLong()).isEqualTo(20);
        assertThat(hit.body().path("reserved").asLong()).isZero();
        assertThat(hit.body().path("priceCents").asLong()).isEqualTo(260);
        // created (1), three reservations and three sales (6), one restock (1)
        assertThat(hit.body().path("version").asLong()).isEqualTo(8);

        stack.redis().del("stock:" + sku);
        Answer miss = api.stock(sku);
        assertThat(miss.header("Cache-Status")).isEqualTo("miss");
        assertThat(miss.body()).isEqualTo(hit.body());
        assertThat(api.stock(sku).header("Cache-Status")).isEqualTo("hit");

        Answer unknown = api.stock(data.sku("NOPE"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(stack.redis().exists("stock:" + data.sku("NOPE"))).as("an unknown SKU is not cached").isZero();
        invariants.assertStockCacheMatches();
    }

    @Test
    void aReaderFillingAMissNeverOverwritesANewerVersion() {
        String sku = data.sku("SKU");
        assertThat(api.restock(sku, 100, 5).status()).isEqualTo(201);
        invariants.awaitStockCacheMatches(Invariants.STOCK_CACHE_CONVERGENCE);
        stack.redis().del("stock:" + sku);

        // a reader misses, reads version 1 from the database, and is held before it fills the cache...
        api.pauseNext("inventory-svc", "stock-cache/FILL");
        CompletableFuture<Answer> reader = CompletableFuture.supplyAsync(() -> api.stock(sku));
        Awaitility.await("reader held").atMost(Duration.ofSeconds(30)).until(() -> api.pausedAt("inventory-svc", "stock-cache/FILL"), Optional::isPresent);
        // ...while a restock commits version 2 and its message reaches the cache
        assertThat(api.restock(sku, 100, 9).status()).isEqualTo(200);
        Awaitility.await("version 2 cached").atMost(Invariants.STOCK_CACHE_CONVERGENCE)
                .until(() -> "2".equals(stack.redis().hget("stock:" + sku, "version")));

        api.release("inventory-svc", "stock-cache/FILL");
        Answer stale = reader.join();
        assertThat(stale.header("Cache-Status")).isEqualTo("miss");
        assertThat(stale.body().path("version").asLong()).as("the reader answers what it read").isEqualTo(1);
        assertThat(stack.redis().hgetall("stock:" + sku)).as("but did not put it back over version 2")
                .containsEntry("version", "2").containsEntry("available", "9");
        invariants.awaitSettledAndAssertAll();
    }

    @Test
    void duplicatedAndReplayedOldMessagesNeverMoveTheCacheBackwards() throws Exception {
        String sku = data.sku("SKU");
        assertThat(api.restock(sku, 100, 1).status()).isEqualTo(201);
        for (int available = 2; available <= 6; available++) {
            assertThat(api.restock(sku, 100, available).status()).isEqualTo(200);
        }
        invariants.awaitStockCacheMatches(Invariants.STOCK_CACHE_CONVERGENCE);

        // every message this SKU's changes sent, newest first, each twice: duplicates, and old after new
        List<String> bodies = journal(sku);
        assertThat(bodies).hasSize(6);
        Collections.reverse(bodies);
        double staleBefore = api.counterSum("inventory-svc", "stock.cache.updates", STALE);
        DefaultMQProducer replay = new DefaultMQProducer("stock-cache-it-replay");
        replay.setNamesrvAddr(stack.rocketMqNameServer());
        replay.setInstanceName("stock-cache-it-" + ProcessHandle.current().pid());
        replay.start();
        try {
            for (String body : bodies) {
                for (int copy = 0; copy < 2; copy++) {
                    String changeId = CHANGE_ID.matcher(body).results().findFirst().orElseThrow().group(1);
                    assertThat(replay.send(new Message("stock-changes", null, changeId, body.getBytes(StandardCharsets.UTF_8)))
                            .getSendStatus()).isEqualTo(SendStatus.SEND_OK);
                }
            }
        } finally {
            replay.shutdown();
        }
        Awaitility.await("replayed messages consumed").atMost(Duration.ofSeconds(60))
                .until(() -> api.counterSum("inventory-svc", "stock.cache.updates", STALE) - staleBefore >= 12);

        assertThat(stack.redis().hgetall("stock:" + sku)).containsEntry("version", "6").containsEntry("available", "6");
        assertThat(api.restock(sku, 100, 7).status()).as("later changes still go forward").isEqualTo(200);
        invariants.awaitSettledAndAssertAll();
        assertThat(stack.redis().hget("stock:" + sku, "version")).isEqualTo("7");
    }

    @Test
    void aMessageThatKeepsFailingIsDeadLetteredCountedAndItsSkuRepairedFromTheDatabase() {
        String sku = data.sku("SKU");
        assertThat(api.restock(sku, 100, 1).status()).isEqualTo(201);
        invariants.awaitStockCacheMatches(Invariants.STOCK_CACHE_CONVERGENCE);
        double deadBefore = api.counterSum("inventory-svc", "stock.cache.dead.letters", null);
        double repairedBefore = api.counterSum("inventory-svc", "stock.cache.repaired", null);

        api.failNext("inventory-svc", "stock-cache/APPLY/" + sku, 1000); // Redis "down" for this SKU only
        assertThat(api.restock(sku, 100, 2).status()).isEqualTo(200);
        Awaitility.await("dead-lettered after its redeliveries").atMost(UNTIL_DEAD_LETTERED).pollInterval(Duration.ofSeconds(1))
                .until(() -> api.counterSum("inventory-svc", "stock.cache.dead.letters", null) > deadBefore);
        assertThat(api.counterSum("inventory-svc", "stock.cache.updates", "result:failed")).isPositive();
        assertThat(stack.redis().hget("stock:" + sku, "version")).as("never applied while Redis was down").isEqualTo("1");

        // Redis is back: the repair job writes the SKU's state from the database, no further change needed
        api.clearFaults("inventory-svc");
        invariants.awaitSettledAndAssertAll();
        assertThat(stack.redis().hget("stock:" + sku, "version")).isEqualTo("2");
        assertThat(api.counterSum("inventory-svc", "stock.cache.repaired", null)).isGreaterThan(repairedBefore);
    }

    /**
     * Redis loses its data (a restart with no persistence, an eviction) while an old message is waiting for its
     * redelivery: the redelivered old version finds no entry and the consumer fills the entry from the database — the
     * newest version — instead of installing the message's, which nothing newer would ever have corrected.
     */
    @Test
    void anOldMessageRedeliveredAfterRedisLostItsEntryNeverInstallsAnOldVersion() {
        String sku = data.sku("SKU");
        assertThat(api.restock(sku, 100, 1).status()).isEqualTo(201);
        invariants.awaitStockCacheMatches(Invariants.STOCK_CACHE_CONVERGENCE);
        double filledBefore = api.counterSum("inventory-svc", "stock.cache.updates", "result:filled");

        api.failNext("inventory-svc", "stock-cache/APPLY/" + sku, 1); // version 2's first delivery fails: redelivered in 10 s
        assertThat(api.restock(sku, 100, 2).status()).isEqualTo(200);
        Awaitility.await("version 2's first delivery failed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.faultsTriggered("inventory-svc", "stock-cache/APPLY/" + sku, 1) == 1);
        api.clearFaults("inventory-svc");
        assertThat(api.restock(sku, 100, 3).status()).isEqualTo(200);
        Awaitility.await("version 3 applied").atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(100))
                .until(() -> "3".equals(stack.redis().hget("stock:" + sku, "version")));
        stack.redis().del("stock:" + sku); // Redis lost its data before version 2's redelivery

        Awaitility.await("the redelivery of version 2 fills the entry").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> stack.redis().exists("stock:" + sku) == 1);
        assertThat(stack.redis().hgetall("stock:" + sku)).as("from the database, not the old message")
                .containsEntry("version", "3").containsEntry("available", "3");
        assertThat(api.counterSum("inventory-svc", "stock.cache.updates", "result:filled")).isGreaterThan(filledBefore);
        invariants.assertStockCacheMatches();
    }

    /** The bodies of the stock-change messages that mention {@code sku}, oldest first, from inventory's journal. */
    private List<String> journal(String sku) throws SQLException {
        try (Connection db = stack.sql("inventory");
             PreparedStatement select = db.prepareStatement(
                     "SELECT body FROM stock_change_messages WHERE body LIKE ? ORDER BY created_at, change_id")) {
            select.setString(1, "%\"sku\":\"" + sku + "\"%");
            List<String> bodies = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    bodies.add(rows.getString(1));
                }
            }
            return bodies;
        }
    }
}
