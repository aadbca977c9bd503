package dev.orderplatform.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The hot-SKU flash sale: one new SKU with a few units, and every seeded user trying to buy one unit at the same
 * moment through many concurrent connections (wallet checkout, as shipped). Reports how many were sold, whether
 * anything was oversold — from the PAID answers and from inventory's own count — and how fast the crowd was
 * answered, paid or not.
 */
final class FlashSale {

    /** Name to pass to {@code --scenarios}. */
    static final String NAME = "flash-sale";

    /** One sale's outcome. {@code answers} counts answers by kind ("201 PAID", "201 REJECTED INSUFFICIENT_STOCK", …). */
    record Result(int units, int buyers, int clients, Map<String, Integer> answers, long paid, long soldByInventory,
                  double seconds, Histogram latencyMicros) {

        long oversold() {
            return Math.max(0, Math.max(paid, soldByInventory) - units);
        }

        double answersPerSecond() {
            return buyers / seconds;
        }

        double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        String markdownRow() {
            return String.format(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %s |%n", units, buyers,
                    clients, paid, soldByInventory, oversold(), answersPerSecond(), percentileMillis(50),
                    percentileMillis(95), percentileMillis(99), answers);
        }
    }

    static String markdownHeader() {
        return "| units | buyers | clients | paid | sold (inventory) | oversold | answers/s | p50 ms | p95 ms | p99 ms | answers |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
    }

    private final Checkouts checkouts;

    FlashSale(Checkouts checkouts) {
        this.checkouts = checkouts;
    }

    /** Puts {@code units} of {@code sku} on sale and lets every seeded user try to buy one, {@code clients} at a time. */
    Result run(String sku, int units, int clients) throws Exception {
        checkouts.createSku(sku, units);
        List<String> buyers = checkouts.users();
        Histogram latencies = new Histogram(3);
        Map<String, Integer> answers = new TreeMap<>();
        ExecutorService crowd = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        try {
            List<Future<String>> bought = new ArrayList<>();
            for (String buyer : buyers) {
                bought.add(crowd.submit(() -> {
                    long sent = System.nanoTime();
                    String answer = checkouts.buyOne(sku, buyer);
                    synchronized (latencies) {
                        latencies.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent)));
                    }
                    return answer;
                }));
            }
            for (Future<String> answer : bought) {
                answers.merge(answer.get(), 1, Integer::sum);
            }
        } finally {
            crowd.shutdown();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long soldByInventory = checkouts.soldOnceSettled(sku, units, Duration.ofSeconds(60));
        return new Result(units, buyers.size(), clients, answers, answers.getOrDefault("201 PAID", 0), soldByInventory,
                seconds, latencies);
    }
}
