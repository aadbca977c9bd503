package dev.orderplatform.kit.security;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bearer tokens the admin zone accepts. Only the SHA-256 of each token is configured (hex), so a leaked
 * configuration file does not leak a usable token. With no tokens configured every admin call is refused.
 * Roles: see {@link AdminRole}; a token holds every role below its highest one.
 */
@ConfigurationProperties("platform.security")
public record SecurityProperties(List<Token> tokens) {

    public SecurityProperties {
        tokens = tokens == null ? List.of() : tokens.stream().filter(Token::configured).toList();
    }

    public record Token(String name, String sha256, Set<AdminRole> roles) {

        public Token {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
        }

        /** Whether this token holds {@code role}, directly or through a higher role. */
        public boolean has(AdminRole role) {
            return roles.stream().anyMatch(held -> held.includes(role));
        }

        /** Every role this token holds, the implied ones included. */
        public List<AdminRole> effectiveRoles() {
            return Arrays.stream(AdminRole.values()).filter(this::has).toList();
        }

        boolean configured() {
            return sha256 != null && sha256.matches("^[0-9a-fA-F]{64}$");
        }
    }
}
