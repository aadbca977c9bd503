package dev.orderplatform.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToLongFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The soak run's report: soak.csv (every census value, one row per minute and quantity), soak.md (counts at the
 * start, ten minutes before the end and at the end for every table and collection; heap, RSS and descriptors per
 * process; the answers; the ledger check) and three charts (the stores that are pruned, heap, RSS).
 */
final class SoakReport {

    /** Tables and collections that are the business record, kept on purpose: they grow with the orders. */
    static final Set<String> BUSINESS_RECORD = Set.of("orders.orders", "orders.order_items", "payments.payments",
            "payments.payment_refunds", "payments.wallets", "payments.wallet_top_ups", "inventory.stock_items",
            "inventory.stock_receipts", "inventory.stock_reservations", "points.point_accounts", "points.point_grants");

    private final Path out;

    SoakReport(Path out) {
        this.out = out;
    }

    /** One line for the console: the counts of a few stores and the services' heaps. */
    static String headline(StackCensus.Sample sample) {
        StringBuilder line = new StringBuilder();
        for (String store : List.of("orders.orders", "orders.idempotency_keys", "payments.payment_callback_inbox",
                "orders.seata_state_machine_inst", "payments.tcc_fence_log", "points.tcc_fence")) {
            line.append(store.substring(store.indexOf('.') + 1)).append('=').append(sample.counts().getOrDefault(store, -1L)).append(' ');
        }
        return line.toString().trim();
    }

    Path write(String run, Instant at, int minutes, int rate, String settings, List<StackCensus.Sample> samples,
               Map<String, Long> answers, SoakLedgers.Check check) throws IOException {
        long start = samples.get(0).atMillis();
        writeCsv(samples, start);
        Set<String> stores = new TreeSet<>();
        samples.forEach(sample -> stores.addAll(sample.counts().keySet()));
        List<String> pruned = stores.stream().filter(store -> !BUSINESS_RECORD.contains(store)).toList();
        chart("soak-stores.png", "Rows / documents of the stores that are pruned", "count", samples, start, pruned,
                (sample, store) -> sample.counts().getOrDefault(store, 0L));
        List<String> services = samples.get(0).processes().keySet().stream()
                .filter(name -> samples.get(0).processes().get(name).heapKib() >= 0).toList();
        chart("soak-heap.png", "Heap in use after a full GC (MiB)", "MiB", samples, start, services,
                (sample, name) -> Math.max(0, sample.processes().getOrDefault(name, new StackCensus.ProcessUse(0, 0, 0)).heapKib() / 1024));
        chart("soak-rss.png", "Resident memory (MiB)", "MiB", samples, start, List.copyOf(samples.get(0).processes().keySet()),
                (sample, name) -> Math.max(0, sample.processes().getOrDefault(name, new StackCensus.ProcessUse(0, 0, 0)).rssKib() / 1024));

        StackCensus.Sample first = samples.get(0);
        StackCensus.Sample last = samples.get(samples.size() - 1);
        StackCensus.Sample tenBefore = sampleAt(samples, last.atMillis() - 10 * 60_000L);
        StringBuilder md = new StringBuilder();
        md.append("# Soak run ").append(run).append("\n\n")
                .append("Finished ").append(at).append(": ").append(minutes).append(" min of traffic at ").append(rate)
                .append(" arrivals/s (60 % wallet checkouts, 40 % external: duplicated callbacks, reversed callbacks, never paid, "
                        + "paid after expiry), an operator dry run and a reconciliation every minute; census every minute; the last "
                        + "census after the orders settled.\n\n");
        if (settings != null) {
            md.append("Shortened settings: `").append(settings).append("`\n\n");
        }
        md.append("## Ledgers at the end\n\n| rule | result |\n|---|---|\n");
        check.findings().forEach((rule, result) -> md.append("| ").append(rule).append(" | ").append(result).append(" |\n"));
        md.append("\n## Answers\n\n| kind | answer | count |\n|---|---|---|\n");
        answers.forEach((answer, count) -> {
            int space = answer.indexOf(' ');
            md.append("| ").append(answer, 0, space).append(" | ").append(answer.substring(space + 1)).append(" | ").append(count).append(" |\n");
        });
        md.append("\n## Stores (rows / documents)\n\n")
                .append("| store | kept as business record | start | 10 min before the end | end | max |\n|---|---|---|---|---|---|\n");
        for (String store : stores) {
            long max = samples.stream().mapToLong(sample -> sample.counts().getOrDefault(store, 0L)).max().orElse(0);
            md.append("| ").append(store).append(" | ").append(BUSINESS_RECORD.contains(store) ? "yes" : "").append(" | ")
                    .append(first.counts().getOrDefault(store, 0L)).append(" | ").append(tenBefore.counts().getOrDefault(store, 0L))
                    .append(" | ").append(last.counts().getOrDefault(store, 0L)).append(" | ").append(max).append(" |\n");
        }
        md.append("\n![stores](soak-stores.png)\n\n## Processes\n\n")
                .append("| process | heap after GC MiB start / 10 min before end / end / max | RSS MiB start / end / max | open files start / end / max |\n")
                .append("|---|---|---|---|\n");
        for (String name : first.processes().keySet()) {
            md.append("| ").append(name).append(" | ")
                    .append(series(samples, first, tenBefore, last, name, use -> use.heapKib() < 0 ? -1 : use.heapKib() / 1024, true)).append(" | ")
                    .append(series(samples, first, tenBefore, last, name, use -> use.rssKib() / 1024, false)).append(" | ")
                    .append(series(samples, first, tenBefore, last, name, StackCensus.ProcessUse::openFiles, false)).append(" |\n");
        }
        md.append("\n![heap](soak-heap.png)\n\n![rss](soak-rss.png)\n");
        Path report = out.resolve("soak.md");
        Files.writeString(report, md);
        return report;
    }

    private static String series(List<StackCensus.Sample> samples, StackCensus.Sample first, StackCensus.Sample tenBefore,
                                 StackCensus.Sample last, String name, ToLongFunction<StackCensus.ProcessUse> value, boolean withMiddle) {
        StackCensus.ProcessUse none = new StackCensus.ProcessUse(-1, -1, -1);
        long startValue = value.applyAsLong(first.processes().getOrDefault(name, none));
        if (startValue < 0) {
            return "–";
        }
        long max = samples.stream().mapToLong(sample -> value.applyAsLong(sample.processes().getOrDefault(name, none))).max().orElse(-1);
        return startValue + (withMiddle ? " / " + value.applyAsLong(tenBefore.processes().getOrDefault(name, none)) : "")
                + " / " + value.applyAsLong(last.processes().getOrDefault(name, none)) + " / " + max;
    }

    private static StackCensus.Sample sampleAt(List<StackCensus.Sample> samples, long atMillis) {
        StackCensus.Sample best = samples.get(0);
        for (StackCensus.Sample sample : samples) {
            if (sample.atMillis() <= atMillis) {
                best = sample;
            }
        }
        return best;
    }

    private void writeCsv(List<StackCensus.Sample> samples, long start) throws IOException {
        List<String> lines = new ArrayList<>(List.of("seconds,kind,name,value"));
        for (StackCensus.Sample sample : samples) {
            long seconds = (sample.atMillis() - start) / 1000;
            sample.counts().forEach((store, count) -> lines.add(seconds + ",count," + store + "," + count));
            sample.processes().forEach((name, use) -> {
                lines.add(seconds + ",heap_kib," + name + "," + use.heapKib());
                lines.add(seconds + ",rss_kib," + name + "," + use.rssKib());
                lines.add(seconds + ",open_files," + name + "," + use.openFiles());
            });
        }
        Files.write(out.resolve("soak.csv"), lines);
    }

    private interface Reading {
        long of(StackCensus.Sample sample, String name);
    }

    private void chart(String file, String title, String unit, List<StackCensus.Sample> samples, long start, List<String> names,
                       Reading reading) throws IOException {
        XYChart chart = new XYChartBuilder().width(1100).height(600).title(title).xAxisTitle("minutes").yAxisTitle(unit).build();
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        double[] minutes = samples.stream().mapToDouble(sample -> (sample.atMillis() - start) / 60_000.0).toArray();
        for (String name : names) {
            double[] values = samples.stream().mapToDouble(sample -> reading.of(sample, name)).toArray();
            if (java.util.Arrays.stream(values).allMatch(value -> value == 0)) {
                continue; // an empty store says nothing
            }
            chart.addSeries(name, minutes, values).setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, out.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
