package dev.orderplatform.kit.security;

import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bearer tokens the service accepts. Only the SHA-256 of each token is configured (hex), so a leaked
 * configuration file does not leak a usable token. With no tokens configured every admin call is refused.
 */
@ConfigurationProperties("platform.security")
public record SecurityProperties(List<Token> tokens) {

    public static final String ROLE_ADMIN = "admin";

    public SecurityProperties {
        tokens = tokens == null ? List.of() : tokens.stream().filter(Token::configured).toList();
    }

    public record Token(String name, String sha256, Set<String> roles) {

        public Token {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
        }

        boolean configured() {
            return sha256 != null && sha256.matches("^[0-9a-fA-F]{64}$");
        }
    }
}
