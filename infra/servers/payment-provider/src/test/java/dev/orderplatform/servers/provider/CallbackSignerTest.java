package dev.orderplatform.servers.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CallbackSignerTest {

    private static final String SECRET = "whsec-test-0123456789abcdef";
    private static final String BODY = "{\"eventId\":\"evt-1\",\"paymentId\":\"pay-1\",\"status\":\"SUCCEEDED\","
            + "\"amountCents\":1999,\"occurredAt\":\"2023-11-14T22:13:20Z\"}";

    /**
     * Computed independently of this code, with OpenSSL:
     * <pre>
     * printf '%s' '1700000000.{"eventId":"evt-1","paymentId":"pay-1","status":"SUCCEEDED","amountCents":1999,"occurredAt":"2023-11-14T22:13:20Z"}' \
     *   | openssl dgst -sha256 -hmac 'whsec-test-0123456789abcdef'
     * </pre>
     */
    private static final String EXPECTED_HMAC = "9a4bf49fa747d6e307345c62fadaede04ebb81d49480b669644b96f5ee7d8028";

    @Test
    void theSignatureIsTheHmacOfTimestampDotBodyAsOpenSslComputesIt() {
        CallbackSigner signer = new CallbackSigner(SECRET);
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(signer.hmacHex(1_700_000_000L, body)).isEqualTo(EXPECTED_HMAC);
        assertThat(signer.header(1_700_000_000L, body)).isEqualTo("t=1700000000,v1=" + EXPECTED_HMAC);
    }

    @Test
    void anotherTimestampOrBodyGivesAnotherSignature() {
        CallbackSigner signer = new CallbackSigner(SECRET);
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(signer.hmacHex(1_700_000_001L, body)).isNotEqualTo(EXPECTED_HMAC);
        assertThat(signer.hmacHex(1_700_000_000L, BODY.replace("1999", "1998").getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(EXPECTED_HMAC);
    }

    @Test
    void aSecretShorterThanSixteenBytesIsRefused() {
        assertThatThrownBy(() -> new CallbackSigner("fifteen-bytes!!")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new CallbackSigner("sixteen-bytes!!!").hmacHex(1, new byte[0])).hasSize(64);
    }
}
