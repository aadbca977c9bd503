package dev.orderplatform.order.flashsale;

/** Problem types of the flash-sale API (API.md), beyond platform-kit's common ones. */
public final class FlashSaleProblems {

    /** The SKU lacks the units the sale asks for (or does not exist). */
    public static final String INSUFFICIENT_STOCK = "insufficient-stock";
    /** A retried creation whose sale was abandoned meanwhile: nothing was created; retry with a new key. */
    public static final String SALE_ABANDONED = "sale-abandoned";

    private FlashSaleProblems() {
    }
}
