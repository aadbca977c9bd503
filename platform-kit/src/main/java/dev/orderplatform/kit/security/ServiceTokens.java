package dev.orderplatform.kit.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Short-lived signed service tokens: how one service proves to another who it is. A token is a JWT signed with the
 * caller's own RSA key (RS256); its header names the key ({@code kid} = the caller's service name), its claims
 * say who it is ({@code sub}, equal to the key's name), whom it is for ({@code aud}: the callee's service name) and
 * until when ({@code exp}, {@link ServiceAuthProperties#tokenTtl()} after {@code iat}). The callee accepts it only if
 * it verifies against the caller's public key from its trust set, is unexpired, names the callee, and its subject owns
 * the key that signed it — so a service can speak only for itself, and a token taken from one callee's logs is of
 * no use against another.
 *
 * <p>Nimbus (which Spring Security's resource server builds on) signs and verifies; Spring Security's validators
 * check the claims. RS256 rather than ES256 because of what each costs where it is paid: a callee verifies every
 * call, and on Java 17 an RS256 verification takes ~0.1 ms of CPU where ES256 takes ~1 ms (measured on the 2-core build
 * machine, idle; a checkout verifies three); signing, slower with RSA (~3 ms), happens once per callee every half
 * token lifetime.
 */
public final class ServiceTokens {

    /** The request header that carries a service token: distinct from {@code Authorization}, which admin tokens use. */
    public static final String HEADER = "Service-Authorization";
    public static final String ISSUER = "order-platform";
    /** Tokens valid for longer than this are refused whatever their signature: services mint short-lived ones. */
    static final Duration LONGEST_LIFETIME = Duration.ofMinutes(5);
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private ServiceTokens() {
    }

    /** Mints tokens for one service, reusing each audience's token until half of its lifetime has passed. */
    public static final class Issuer {
        private final RSAKey key;
        private final RSASSASigner signer;
        private final Duration ttl;
        private final Clock clock;
        private final Map<String, Minted> byAudience = new ConcurrentHashMap<>();

        private record Minted(String token, Instant renewAt) {
        }

        public Issuer(RSAKey key, Duration ttl, Clock clock) {
            if (key.getKeyID() == null || !key.isPrivate()) {
                throw new IllegalArgumentException("a service signing key needs its kid (the service name) and its private part");
            }
            this.key = key;
            this.ttl = ttl;
            this.clock = clock;
            try {
                this.signer = new RSASSASigner(key);
            } catch (JOSEException e) {
                throw new IllegalArgumentException("not a usable RSA signing key: " + e.getMessage(), e);
            }
        }

        /** The service this issuer speaks for (its key's name). */
        public String service() {
            return key.getKeyID();
        }

        /** A token for calls to {@code audience} (a service name). */
        public String tokenFor(String audience) {
            Instant now = clock.instant();
            Minted minted = byAudience.get(audience);
            if (minted == null || !now.isBefore(minted.renewAt())) {
                minted = new Minted(mint(audience, now), now.plus(ttl.dividedBy(2)));
                byAudience.put(audience, minted);
            }
            return minted.token();
        }

        String mint(String audience, Instant now) {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(ISSUER).subject(service()).audience(audience)
                    .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
                    .jwtID(UUID.randomUUID().toString())
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(service()).type(JOSEObjectType.JWT).build(), claims);
            try {
                jwt.sign(signer);
            } catch (JOSEException e) {
                throw new IllegalStateException("cannot sign a service token: " + e.getMessage(), e);
            }
            return jwt.serialize();
        }
    }

    /** This service's issuer, from its private key file. */
    public static Issuer issuer(Path keyFile, Duration ttl, Clock clock) {
        try {
            return new Issuer(RSAKey.parse(Files.readString(keyFile)), ttl, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service key " + keyFile, e);
        } catch (ParseException e) {
            throw new IllegalArgumentException("the service key " + keyFile + " is not an RSA JWK: " + e.getMessage(), e);
        }
    }

    /** Verifies tokens addressed to {@code self}, signed by one of the keys in {@code trustFile}. */
    public static JwtDecoder decoder(Path trustFile, String self, Clock clock) {
        try {
            return decoder(JWKSet.load(trustFile.toFile()), self, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the service trust set " + trustFile, e);
        } catch (ParseException e) {
            throw new IllegalArgumentException("the service trust set " + trustFile + " is not a JWK set: " + e.getMessage(), e);
        }
    }

    public static JwtDecoder decoder(JWKSet trusted, String self, Clock clock) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(trusted.toPublicJWKSet())));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
            // the claims are checked by Spring Security's validators, on every call (SignatureCheckedOnce)
        });
        NimbusJwtDecoder signatureOnly = new NimbusJwtDecoder(processor);
        signatureOnly.setJwtValidator(jwt -> OAuth2TokenValidatorResult.success());
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setClock(clock);
        return new SignatureCheckedOnce(signatureOnly, new DelegatingOAuth2TokenValidator<>(List.of(
                timestamps,
                new JwtIssuerValidator(ISSUER),
                addressedTo(self),
                shortLived(),
                signedByItsSubject())), clock);
    }

    /**
     * Verifies a token's signature the first time it is seen and remembers the tokens that passed; the claims (expiry
     * included) are validated on every call. A caller reuses its token for half of the token's lifetime, so a callee
     * sees the same token on hundreds of calls: parsing it and checking its RS256 signature every time was about a
     * tenth of a participant's CPU per checkout (docs/benchmarks.md). Keyed by the whole token, signature included, so only
     * a token that verified can ever be found; a token that fails is never remembered. (Hand-written: Spring
     * Security's decoders have no such cache, and a map bounded by the tokens' own expiry needs no cache library.)
     */
    static final class SignatureCheckedOnce implements JwtDecoder {

        /** More tokens than this at once (callers × instances × two per lifetime) would be odd; then the expired go. */
        static final int CAPACITY = 1024;

        private final JwtDecoder signatureOnly;
        private final OAuth2TokenValidator<Jwt> claims;
        private final Clock clock;
        private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

        SignatureCheckedOnce(JwtDecoder signatureOnly, OAuth2TokenValidator<Jwt> claims, Clock clock) {
            this.signatureOnly = signatureOnly;
            this.claims = claims;
            this.clock = clock;
        }

        @Override
        public Jwt decode(String token) {
            Jwt jwt = verified.get(token);
            boolean known = jwt != null;
            if (!known) {
                jwt = signatureOnly.decode(token); // throws on a bad signature or a malformed token
            }
            OAuth2TokenValidatorResult result = claims.validate(jwt);
            if (result.hasErrors()) {
                verified.remove(token);
                String description = result.getErrors().iterator().next().getDescription();
                throw new JwtValidationException("An error occurred while attempting to decode the Jwt: " + description,
                        result.getErrors());
            }
            if (!known) {
                remember(token, jwt);
            }
            return jwt;
        }

        private void remember(String token, Jwt jwt) {
            if (verified.size() >= CAPACITY) {
                Instant now = clock.instant();
                verified.values().removeIf(known -> known.getExpiresAt() == null || !known.getExpiresAt().isAfter(now));
                if (verified.size() >= CAPACITY) {
                    verified.clear();
                }
            }
            verified.put(token, jwt);
        }

        int remembered() {
            return verified.size();
        }
    }

    private static OAuth2TokenValidator<Jwt> addressedTo(String self) {
        return jwt -> jwt.getAudience() != null && jwt.getAudience().contains(self) ? OAuth2TokenValidatorResult.success()
                : invalid("the token is not addressed to " + self);
    }

    private static OAuth2TokenValidator<Jwt> shortLived() {
        return jwt -> jwt.getIssuedAt() != null && jwt.getExpiresAt() != null
                && Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt()).compareTo(LONGEST_LIFETIME) <= 0
                ? OAuth2TokenValidatorResult.success()
                : invalid("a service token must carry iat and exp, at most " + LONGEST_LIFETIME + " apart");
    }

    /** A key may sign only for the service it belongs to: without this, any trusted key could claim any subject. */
    private static OAuth2TokenValidator<Jwt> signedByItsSubject() {
        return jwt -> {
            Object keyId = jwt.getHeaders().get("kid");
            String subject = jwt.getClaimAsString(JwtClaimNames.SUB);
            return keyId != null && Objects.equals(keyId, subject) ? OAuth2TokenValidatorResult.success()
                    : invalid("the token's subject must be the owner of the key that signed it");
        };
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }
}
