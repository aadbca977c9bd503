package dev.orderplatform.kit.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.orderplatform.kit.testing.MovableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** What a callee accepts as a service token, and everything it refuses. */
class ServiceTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final RSAKey orderKey = key("order-svc");
    private final RSAKey paymentKey = key("payment-svc");
    private final RSAKey strangerKey = key("order-svc"); // claims a trusted name, but is not the trusted key
    private final JwtDecoder inventory = ServiceTokens.decoder(new JWKSet(List.of(orderKey.toPublicJWK(), paymentKey.toPublicJWK())),
            "inventory-svc", CLOCK);

    @Test
    void aTokenMintedByATrustedServiceForThisOneIsAcceptedAndSaysWhoCalls() {
        String token = new ServiceTokens.Issuer(orderKey, Duration.ofSeconds(60), CLOCK).tokenFor("inventory-svc");

        assertThat(inventory.decode(token).getSubject()).isEqualTo("order-svc");
    }

    @Test
    void aTokenIsReusedForHalfItsLifetimeThenRenewed() {
        MovableClock clock = new MovableClock(NOW);
        ServiceTokens.Issuer issuer = new ServiceTokens.Issuer(orderKey, Duration.ofSeconds(60), clock);
        String first = issuer.tokenFor("inventory-svc");

        clock.set(NOW.plusSeconds(29));
        assertThat(issuer.tokenFor("inventory-svc")).isEqualTo(first);
        assertThat(issuer.tokenFor("points-svc")).as("each audience has its own").isNotEqualTo(first);
        clock.set(NOW.plusSeconds(30));
        assertThat(issuer.tokenFor("inventory-svc")).isNotEqualTo(first);
    }

    @Test
    void aTokenForAnotherServiceIsRefused() {
        String token = new ServiceTokens.Issuer(orderKey, Duration.ofSeconds(60), CLOCK).tokenFor("points-svc");

        assertThatThrownBy(() -> inventory.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining("not addressed to inventory-svc");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = sign(orderKey, "order-svc", "order-svc", NOW.minusSeconds(200), NOW.minusSeconds(140));

        assertThatThrownBy(() -> inventory.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining("expired");
    }

    @Test
    void aLongLivedTokenIsRefusedWhateverItsSignature() {
        String token = sign(orderKey, "order-svc", "order-svc", NOW, NOW.plus(Duration.ofDays(365)));

        assertThatThrownBy(() -> inventory.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining("at most");
    }

    @Test
    void aServiceCannotSpeakForAnother() {
        String impersonation = sign(paymentKey, "payment-svc", "order-svc", NOW, NOW.plusSeconds(60));
        String noKeyName = sign(paymentKey, null, "order-svc", NOW, NOW.plusSeconds(60));

        assertThatThrownBy(() -> inventory.decode(impersonation)).isInstanceOf(JwtException.class).hasMessageContaining("owner of the key");
        assertThatThrownBy(() -> inventory.decode(noKeyName)).isInstanceOf(JwtException.class).hasMessageContaining("owner of the key");
    }

    @Test
    void aKeyOutsideTheTrustSetIsRefusedEvenUnderATrustedName() {
        String forged = new ServiceTokens.Issuer(strangerKey, Duration.ofSeconds(60), CLOCK).tokenFor("inventory-svc");

        assertThatThrownBy(() -> inventory.decode(forged)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> inventory.decode("not-a-token")).isInstanceOf(JwtException.class);
    }

    @Test
    void aRememberedTokenIsStillRefusedOnceItExpires() {
        MovableClock clock = new MovableClock(NOW);
        JwtDecoder callee = ServiceTokens.decoder(new JWKSet(List.of(orderKey.toPublicJWK())), "inventory-svc", clock);
        String token = new ServiceTokens.Issuer(orderKey, Duration.ofSeconds(60), clock).tokenFor("inventory-svc");

        assertThat(callee.decode(token).getSubject()).isEqualTo("order-svc");
        assertThat(callee.decode(token).getSubject()).as("the second call finds it verified").isEqualTo("order-svc");
        assertThat(((ServiceTokens.SignatureCheckedOnce) callee).remembered()).isEqualTo(1);

        clock.set(NOW.plusSeconds(60 + 31)); // past exp and the 30-s skew
        assertThatThrownBy(() -> callee.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining("expired");
        assertThat(((ServiceTokens.SignatureCheckedOnce) callee).remembered()).as("forgotten once refused").isZero();
    }

    @Test
    void onlyTokensThatVerifiedAreRememberedSoATamperedCopyIsStillRefused() {
        String token = new ServiceTokens.Issuer(orderKey, Duration.ofSeconds(60), CLOCK).tokenFor("inventory-svc");
        inventory.decode(token);
        String[] parts = token.split("\\.");
        String otherSignature = sign(orderKey, "order-svc", "order-svc", NOW, NOW.plusSeconds(30)).split("\\.")[2];
        String tampered = parts[0] + "." + parts[1] + "." + otherSignature;
        String forged = new ServiceTokens.Issuer(strangerKey, Duration.ofSeconds(60), CLOCK).tokenFor("inventory-svc");

        assertThatThrownBy(() -> inventory.decode(tampered)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> inventory.decode(forged)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> inventory.decode(forged)).as("a refused token is checked again, never remembered")
                .isInstanceOf(JwtException.class);
        assertThat(((ServiceTokens.SignatureCheckedOnce) inventory).remembered()).isEqualTo(1);
    }

    private static String sign(RSAKey key, String keyId, String subject, Instant issued, Instant expires) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).type(JOSEObjectType.JWT).build(),
                    new JWTClaimsSet.Builder().issuer(ServiceTokens.ISSUER).subject(subject).audience("inventory-svc")
                            .issueTime(Date.from(issued)).expirationTime(Date.from(expires)).build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey key(String service) {
        try {
            return new RSAKeyGenerator(2048).keyID(service).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
