package dev.orderplatform.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * The flash sale as shipped for crowds (issue: flash sales): {@code units} of a new SKU on sale, {@code buyers} new
 * funded users each trying to buy one unit through the gateway at the same moment, {@code clients} at a time.
 * Admission answers from Redis (202 queued, 409 sold out); the queued purchases become orders behind it. Reports how
 * fast the crowd was answered, how long until every purchase was finished, what was sold — from the purchases and
 * from inventory's count — and the stack's CPU per admission (admissions and the orders made meanwhile together).
 */
final class QueuedFlashSale {

    /** Name to pass to {@code --scenarios}. */
    static final String NAME = "flash-sale-queued";

    /** One sale's outcome; {@code answers} counts admission answers by kind ("202 QUEUED", "409 sold-out", …). */
    record Result(int units, int buyers, int clients, Map<String, Integer> answers, long paid, long soldByInventory,
                  double admissionSeconds, double secondsUntilFinished, double cpuSeconds, Histogram latencyMicros) {

        long oversold() {
            return Math.max(0, Math.max(paid, soldByInventory) - units);
        }

        /** Units left unsold although buyers still wanted them (every buyer wants one; there are more buyers). */
        long unsold() {
            return Math.max(0, Math.min(units, buyers) - Math.max(paid, soldByInventory));
        }

        double answersPerSecond() {
            return buyers / admissionSeconds;
        }

        double cpuMillisPerAdmission() {
            return cpuSeconds * 1000 / buyers;
        }

        double percentileMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        String markdownRow() {
            return String.format(Locale.ROOT, "| %d | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %d | %d | %d | %d | %.2f | %s |%n",
                    units, buyers, clients, answersPerSecond(), percentileMillis(50), percentileMillis(99),
                    latencyMicros.getMaxValue() / 1000.0, secondsUntilFinished, paid, soldByInventory, oversold(), unsold(),
                    cpuMillisPerAdmission(), answers);
        }
    }

    static String markdownHeader() {
        return "| units | buyers | clients | admissions/s | p50 ms | p99 ms | max ms | s until all finished | paid | sold (inventory) "
                + "| oversold | unsold | CPU ms/admission | answers |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every buyer can pay for one unit in every sale of a run. */
    private static final long MONEY = 10_000_000;
    private static final long PRICE = 4_999;

    private final Checkouts checkouts;
    private final StackTargets stack;
    private final String adminToken;
    private final CpuMeter cpu;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    /** The buyers, seeded once: each sale is new, so they buy again in the next (the limit is per sale). */
    private List<String> buyers = List.of();

    QueuedFlashSale(Checkouts checkouts, StackTargets stack, String adminToken, CpuMeter cpu) {
        this.checkouts = checkouts;
        this.stack = stack;
        this.adminToken = adminToken;
        this.cpu = cpu;
    }

    /**
     * Opens a sale of {@code units} and lets {@code buyerCount} funded users (seeded on first use, named after
     * {@code run}) buy one each, {@code clients} at a time.
     */
    Result run(String run, String sale, int units, int buyerCount, int clients, PrintStreamLike console) throws Exception {
        String sku = sale + "-SKU";
        checkouts.createSku(sku, units);
        if (buyers.size() != buyerCount) {
            buyers = IntStream.range(0, buyerCount).mapToObj(i -> run + "-b" + i).toList();
            console.printf("Seeding %d buyers for the queued flash sale...%n", buyerCount);
            seedWallets(buyers);
        }
        Instant startsAt = Instant.now().plusSeconds(3);
        String saleId = createSale(sku, units, startsAt);
        TimeUnit.MILLISECONDS.sleep(Math.max(0, Duration.between(Instant.now(), startsAt).toMillis() + 50));

        Histogram latencies = new Histogram(3);
        Map<String, Integer> answers = new TreeMap<>();
        List<String> admitted = new ArrayList<>();
        ExecutorService crowd = Executors.newFixedThreadPool(clients);
        double cpuBefore = cpu.seconds();
        long started = System.nanoTime();
        try {
            List<Future<Admission>> sent = new ArrayList<>();
            for (String buyer : buyers) {
                sent.add(crowd.submit(() -> buy(saleId, buyer)));
            }
            for (Future<Admission> future : sent) {
                Admission admission = future.get();
                latencies.recordValue(Math.max(1, admission.micros()));
                answers.merge(admission.kind(), 1, Integer::sum);
                if (admission.location() != null) {
                    admitted.add(admission.location());
                }
            }
        } finally {
            crowd.shutdown();
        }
        double admissionSeconds = (System.nanoTime() - started) / 1e9;
        long paid = awaitFinished(admitted, Duration.ofMinutes(5));
        double untilFinished = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = cpu.seconds() - cpuBefore;
        long soldByInventory = checkouts.soldOnceSettled(sku, units, Duration.ofSeconds(60));
        return new Result(units, buyerCount, clients, answers, paid, soldByInventory, admissionSeconds, untilFinished,
                cpuSeconds, latencies);
    }

    /** The console, as far as this needs it. */
    interface PrintStreamLike {
        void printf(String format, Object... args);
    }

    private record Admission(String kind, long micros, String location) {
    }

    private Admission buy(String saleId, String buyer) {
        String body = "{\"userId\":\"" + buyer + "\",\"quantity\":1,\"payment\":\"WALLET\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.edge() + "/api/flash-sales/" + saleId + "/purchases"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long sent = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent);
            JsonNode answer = JSON.readTree(response.body());
            String kind = response.statusCode() + " " + (response.statusCode() == 202 ? answer.path("status").asText()
                    : answer.path("type").asText());
            return new Admission(kind, micros, response.statusCode() == 202
                    ? response.headers().firstValue("Location").orElse(null) : null);
        } catch (IOException e) {
            return new Admission("error " + e.getClass().getSimpleName(), TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - sent), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Admission("interrupted", 0, null);
        }
    }

    /** Polls each admitted purchase until it is PAID or FAILED; answers how many were paid. */
    private long awaitFinished(List<String> locations, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        List<String> waiting = new ArrayList<>(locations);
        long paid = 0;
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            List<String> still = new ArrayList<>();
            for (String location : waiting) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(stack.edge() + location))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                String status = JSON.readTree(response.body()).path("status").asText();
                if (status.equals("PAID")) {
                    paid++;
                } else if (!status.equals("FAILED")) {
                    still.add(location);
                }
            }
            waiting = still;
            if (!waiting.isEmpty()) {
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        if (!waiting.isEmpty()) {
            throw new IllegalStateException(waiting.size() + " purchases still queued after " + atMost);
        }
        return paid;
    }

    private void seedWallets(List<String> buyers) throws Exception {
        ExecutorService seeders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (String buyer : buyers) {
                work.add(seeders.submit(() -> admin("POST", stack.edge() + "/api/wallets/" + buyer + "/top-ups",
                        Map.of("amountCents", MONEY))));
            }
            for (Future<?> done : work) {
                done.get();
            }
        } finally {
            seeders.shutdown();
        }
    }

    private String createSale(String sku, int units, Instant startsAt) throws IOException, InterruptedException {
        return admin("POST", stack.edge() + "/admin/flash-sales", Map.of("sku", sku, "units", units, "priceCents", PRICE,
                "startsAt", startsAt.toString(), "endsAt", startsAt.plus(Duration.ofMinutes(30)).toString(),
                "perUserLimit", 1)).path("saleId").asText();
    }

    private JsonNode admin(String method, String url, Map<String, Object> body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminToken)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
