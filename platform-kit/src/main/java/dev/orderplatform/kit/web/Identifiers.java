package dev.orderplatform.kit.web;

/**
 * Limits of the public contract (docs/api.md), in one place so every service validates the same way.
 * Ids are opaque, but they appear in URL paths, so they are restricted to URL-safe characters.
 */
public final class Identifiers {

    /** An id: 1–64 characters, letters, digits and {@code . _ : @ -}, starting with a letter or digit. */
    public static final String ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$";
    public static final String ID_MESSAGE = "must be 1-64 characters of letters, digits and . _ : @ - (starting with a letter or digit)";

    /** Idempotency-Key: 1–128 visible ASCII characters. */
    public static final String IDEMPOTENCY_KEY_PATTERN = "^[\\x21-\\x7E]{1,128}$";
    public static final String IDEMPOTENCY_KEY_MESSAGE = "must be 1-128 visible ASCII characters";

    /** Amounts (cents, points) above this are refused. */
    public static final long MAX_AMOUNT = 1_000_000_000_000L;
    public static final int MAX_LINE_ITEMS = 50;

    private Identifiers() {
    }

    /** A new opaque id such as {@code ord-6f1c…}: a readable prefix and a random UUID (40 characters for "ord"). */
    public static String newId(String prefix) {
        return prefix + "-" + java.util.UUID.randomUUID();
    }
}
