package dev.orderplatform.kit.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** Finds the configured token a presented bearer token belongs to, in constant time per comparison. */
public class BearerTokens {

    private static final String PREFIX = "Bearer ";

    private final SecurityProperties properties;

    public BearerTokens(SecurityProperties properties) {
        this.properties = properties;
    }

    /** @param authorizationHeader the raw {@code Authorization} header, may be null */
    public Optional<SecurityProperties.Token> authenticate(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        return find(authorizationHeader.substring(PREFIX.length()).trim());
    }

    /** The configured token {@code presented} is, if any (the bare token, without the scheme). */
    public Optional<SecurityProperties.Token> find(String presented) {
        byte[] presentedHash = sha256(presented);
        SecurityProperties.Token match = null;
        // compare against every token, without stopping early, so timing says nothing about which matched
        for (SecurityProperties.Token token : properties.tokens()) {
            if (MessageDigest.isEqual(presentedHash, HexFormat.of().parseHex(token.sha256().toLowerCase()))) {
                match = token;
            }
        }
        return Optional.ofNullable(match);
    }

    public static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static String sha256Hex(String value) {
        return HexFormat.of().formatHex(sha256(value));
    }
}
