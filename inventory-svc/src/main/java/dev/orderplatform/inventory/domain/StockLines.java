package dev.orderplatform.inventory.domain;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Rules for the lines of one reservation. */
public final class StockLines {

    private StockLines() {
    }

    /**
     * The lines in the order their rows are locked: sorted by SKU, so two reservations touching the same SKUs
     * always lock them in the same order and cannot deadlock. Each SKU may appear once.
     */
    public static <T> List<T> inLockOrder(List<T> lines, Function<T, String> sku) {
        Set<String> seen = new HashSet<>();
        for (T line : lines) {
            if (!seen.add(sku.apply(line))) {
                throw new IllegalArgumentException("SKU " + sku.apply(line) + " appears more than once");
            }
        }
        return lines.stream().sorted(Comparator.comparing(sku)).toList();
    }
}
