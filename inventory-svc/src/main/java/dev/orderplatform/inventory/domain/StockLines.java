package dev.orderplatform.inventory.domain;

import dev.orderplatform.kit.contract.ParticipantContracts.StockLine;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Rules for the lines of one reservation. */
public final class StockLines {

    private StockLines() {
    }

    /**
     * The lines in the order rows are locked: sorted by SKU, so two reservations touching the same SKUs
     * always lock them in the same order and cannot deadlock. Each SKU may appear once.
     */
    public static List<StockLine> inLockOrder(List<StockLine> lines) {
        Set<String> seen = new HashSet<>();
        for (StockLine line : lines) {
            if (!seen.add(line.sku())) {
                throw new IllegalArgumentException("SKU " + line.sku() + " appears more than once");
            }
        }
        return lines.stream().sorted(Comparator.comparing(StockLine::sku)).toList();
    }
}
