package dev.orderplatform.order.domain;

/** WALLET: synchronous TCC checkout from the user's wallet. EXTERNAL: asynchronous saga, paid at the provider. */
public enum PaymentMethod {
    WALLET,
    EXTERNAL
}
