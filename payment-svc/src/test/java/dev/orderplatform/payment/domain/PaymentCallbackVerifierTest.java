package dev.orderplatform.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orderplatform.payment.domain.PaymentCallbackVerifier.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PaymentCallbackVerifierTest {

    private static final byte[] SECRET = "whsec-test-secret".getBytes(StandardCharsets.UTF_8);
    private static final long SIGNED_AT = 1_795_000_000L;
    private static final byte[] BODY = ("{\"eventId\":\"ev-1\",\"paymentId\":\"pay-1\",\"status\":\"SUCCEEDED\","
            + "\"amountCents\":1250,\"occurredAt\":\"2026-11-24T08:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
    /** HMAC-SHA256(secret, "1795000000." + body), computed outside Java (Python's hmac module). */
    private static final String KNOWN_SIGNATURE = "7161b87e182c855872995e66d0207f8efcc6838f33b1a0b0f9856197c80e5a5d";

    private final PaymentCallbackVerifier verifier = at(SIGNED_AT + 30);

    @Test
    void aSignatureOverTimestampDotRawBodyIsValid() {
        assertThat(verifier.sign(SIGNED_AT, BODY)).isEqualTo("t=" + SIGNED_AT + ",v1=" + KNOWN_SIGNATURE);
        assertThat(verifier.verify("t=" + SIGNED_AT + ",v1=" + KNOWN_SIGNATURE, BODY)).isEqualTo(Verdict.VALID);
        assertThat(verifier.verify(" t=" + SIGNED_AT + " , v1=" + KNOWN_SIGNATURE.toUpperCase(), BODY)).isEqualTo(Verdict.VALID);
    }

    @Test
    void oneChangedByteOfTheBodyOrAnotherSecretIsAMismatch() {
        byte[] altered = BODY.clone();
        altered[altered.length - 3] = '1';
        assertThat(verifier.verify(verifier.sign(SIGNED_AT, BODY), altered)).isEqualTo(Verdict.MISMATCH);

        PaymentCallbackVerifier other = new PaymentCallbackVerifier("another-secret-16b".getBytes(StandardCharsets.UTF_8),
                Clock.fixed(Instant.ofEpochSecond(SIGNED_AT), ZoneOffset.UTC));
        assertThat(verifier.verify(other.sign(SIGNED_AT, BODY), BODY)).isEqualTo(Verdict.MISMATCH);
        // the timestamp is signed too: moving it breaks the signature
        assertThat(verifier.verify("t=" + (SIGNED_AT + 1) + ",v1=" + KNOWN_SIGNATURE, BODY)).isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void aSignedTimestampMoreThanFiveMinutesAwayEitherWayIsStale() {
        String header = verifier.sign(SIGNED_AT, BODY);
        assertThat(at(SIGNED_AT + 300).verify(header, BODY)).isEqualTo(Verdict.VALID);
        assertThat(at(SIGNED_AT + 301).verify(header, BODY)).isEqualTo(Verdict.STALE);
        assertThat(at(SIGNED_AT - 300).verify(header, BODY)).isEqualTo(Verdict.VALID);
        assertThat(at(SIGNED_AT - 301).verify(header, BODY)).isEqualTo(Verdict.STALE);
    }

    @Test
    void anAbsentOrUnreadableHeaderIsRefusedAsSuch() {
        assertThat(verifier.verify(null, BODY)).isEqualTo(Verdict.MISSING);
        assertThat(verifier.verify("  ", BODY)).isEqualTo(Verdict.MISSING);
        assertThat(verifier.verify("v1=" + KNOWN_SIGNATURE, BODY)).isEqualTo(Verdict.MALFORMED);
        assertThat(verifier.verify("t=" + SIGNED_AT, BODY)).isEqualTo(Verdict.MALFORMED);
        assertThat(verifier.verify("t=soon,v1=" + KNOWN_SIGNATURE, BODY)).isEqualTo(Verdict.MALFORMED);
        assertThat(verifier.verify("t=" + SIGNED_AT + ",v1=not-hex", BODY)).isEqualTo(Verdict.MALFORMED);
        assertThat(verifier.verify(KNOWN_SIGNATURE, BODY)).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void duringASecretRolloverAnyOneMatchingSignatureIsEnough() {
        String stale = "00".repeat(32);
        assertThat(verifier.verify("t=" + SIGNED_AT + ",v1=" + stale + ",v1=" + KNOWN_SIGNATURE, BODY)).isEqualTo(Verdict.VALID);
        assertThat(verifier.verify("t=" + SIGNED_AT + ",v1=" + stale, BODY)).isEqualTo(Verdict.MISMATCH);
        // a truncated signature never matches
        assertThat(verifier.verify("t=" + SIGNED_AT + ",v1=" + KNOWN_SIGNATURE.substring(0, 32), BODY)).isEqualTo(Verdict.MISMATCH);
    }

    @Test
    void aShortSecretIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new PaymentCallbackVerifier("short".getBytes(StandardCharsets.UTF_8), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static PaymentCallbackVerifier at(long unixSeconds) {
        return new PaymentCallbackVerifier(SECRET, Clock.fixed(Instant.ofEpochSecond(unixSeconds), ZoneOffset.UTC));
    }
}
