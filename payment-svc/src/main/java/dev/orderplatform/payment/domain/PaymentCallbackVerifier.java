package dev.orderplatform.payment.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the {@code Payment-Signature} header of a payment provider's callback (docs/api.md):
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>}. The signature covers the raw bytes
 * as they arrived (never a re-serialised body), the timestamp must be within five minutes of now either way (a
 * captured callback cannot be replayed later), and the comparison takes the same time however many bytes match.
 * Several {@code v1} entries are accepted, any one matching, so the provider can roll its secret over.
 *
 * <p>Hand-written rather than taken from a library: it is a dozen lines over the JDK's {@link Mac}, and the
 * header format is the provider's own.
 */
public final class PaymentCallbackVerifier {

    /** How far the signed timestamp may be from now, in either direction. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";

    /** Why a callback is refused; every verdict but {@link #VALID} is answered 401 and records nothing. */
    public enum Verdict {
        VALID, MISSING, MALFORMED, STALE, MISMATCH
    }

    private final SecretKeySpec key;
    private final Clock clock;

    public PaymentCallbackVerifier(byte[] secret, Clock clock) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("the callback secret must be at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
        this.clock = clock;
    }

    public Verdict verify(String signatureHeader, byte[] rawBody) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return Verdict.MISSING;
        }
        Long timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : signatureHeader.split(",")) {
            int equals = part.indexOf('=');
            if (equals <= 0) {
                return Verdict.MALFORMED;
            }
            String name = part.substring(0, equals).trim();
            String value = part.substring(equals + 1).trim();
            try {
                if (name.equals("t")) {
                    timestamp = Long.parseLong(value);
                } else if (name.equals("v1")) {
                    signatures.add(HexFormat.of().parseHex(value));
                }
            } catch (IllegalArgumentException e) {
                return Verdict.MALFORMED; // not a number, or not hex
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            return Verdict.MALFORMED;
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > TOLERANCE.toSeconds()) {
            return Verdict.STALE;
        }
        byte[] expected = hmac(timestamp, rawBody);
        boolean matched = false;
        for (byte[] signature : signatures) {
            // constant time for equal lengths; every entry is compared, so the time does not tell which matched
            matched |= MessageDigest.isEqual(expected, signature);
        }
        return matched ? Verdict.VALID : Verdict.MISMATCH;
    }

    /** The header a provider with this secret sends for {@code rawBody} at {@code unixSeconds}. */
    public String sign(long unixSeconds, byte[] rawBody) {
        return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmac(unixSeconds, rawBody));
    }

    private byte[] hmac(long unixSeconds, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(rawBody);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
