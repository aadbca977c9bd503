package dev.orderplatform.servers.provider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs callbacks as docs/api.md specifies: header {@code Payment-Signature: t=<unix seconds>,v1=<hex>} where the hex is
 * the lowercase HMAC-SHA256, keyed with the shared secret's UTF-8 bytes, of {@code t + "." + raw body bytes}.
 */
public final class CallbackSigner {

    public static final String HEADER = "Payment-Signature";
    private static final String ALGORITHM = "HmacSHA256";
    /** The shortest secret accepted, in UTF-8 bytes. */
    public static final int MIN_SECRET_BYTES = 16;

    private final SecretKeySpec key;

    public CallbackSigner(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the callback secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(bytes, ALGORITHM);
    }

    /** The value of the {@value #HEADER} header for {@code body} sent at {@code epochSeconds}. */
    public String header(long epochSeconds, byte[] body) {
        return "t=" + epochSeconds + ",v1=" + hmacHex(epochSeconds, body);
    }

    /** Lowercase hex of HMAC-SHA256(secret, t + "." + body). */
    public String hmacHex(long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // a Mac is not thread-safe; one per signature is cheap
            mac.init(key);
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            mac.update(body);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
