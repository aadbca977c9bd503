package dev.orderplatform.order.flashsale;

/** Problem types of the flash-sale API (docs/api.md), beyond platform-kit's common ones. */
public final class FlashSaleProblems {

    /** The SKU lacks the units the sale asks for (or does not exist). */
    public static final String INSUFFICIENT_STOCK = "insufficient-stock";
    /** A retried creation whose sale was abandoned meanwhile: nothing was created; retry with a new key. */
    public static final String SALE_ABANDONED = "sale-abandoned";
    /** 409: every unit is held by an admitted purchase (one may come back if its order is refused). */
    public static final String SOLD_OUT = "sold-out";
    /** 409: the buyer's purchases already hold the sale's per-user limit. */
    public static final String LIMIT_REACHED = "limit-reached";
    /** 409: the sale has not started. */
    public static final String SALE_NOT_OPEN = "sale-not-open";
    /** 410: the sale has ended. */
    public static final String SALE_ENDED = "sale-ended";

    private FlashSaleProblems() {
    }
}
