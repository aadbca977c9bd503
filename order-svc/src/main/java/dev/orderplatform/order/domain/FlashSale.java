package dev.orderplatform.order.domain;

import java.time.Instant;

/**
 * A flash sale: {@code units} of {@code sku} at {@code priceCents} each, bought between {@code startsAt} (inclusive)
 * and {@code endsAt} (exclusive), at most {@code perUserLimit} units per user. {@code admitted}: the units its
 * purchases hold (queued or paid) as the database counts them. {@code returned}: what went back to the SKU's stock
 * when it closed (null before).
 */
public record FlashSale(String saleId, String sku, long units, long priceCents, Instant startsAt, Instant endsAt,
                        int perUserLimit, FlashSaleState state, long admitted, Long returned) {

    public FlashSaleStatus statusAt(Instant now) {
        if (state == FlashSaleState.CLOSING || state == FlashSaleState.CLOSED || !now.isBefore(endsAt)) {
            return FlashSaleStatus.ENDED;
        }
        return now.isBefore(startsAt) ? FlashSaleStatus.SCHEDULED : FlashSaleStatus.OPEN;
    }
}
