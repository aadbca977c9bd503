package dev.orderplatform.payment.domain;

/** WALLET: paid from the user's wallet inside a TCC transaction. EXTERNAL: paid at the payment provider. */
public enum PaymentMethod {
    WALLET,
    EXTERNAL
}
