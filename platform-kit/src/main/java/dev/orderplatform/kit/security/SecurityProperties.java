package dev.orderplatform.kit.security;

import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Bearer tokens the service accepts. Only the SHA-256 of each token is configured (hex), so a leaked
 * configuration file does not leak a usable token. With no tokens configured every admin call is refused.
 *
 * <p>Roles, from least to most: {@code viewer} (list stragglers, dry-run compensation, read audit),
 * {@code operator} (also run compensation and force orders), {@code admin} (also restock, top up, grant and
 * the services' maintenance endpoints). A token holds every role below its highest one.
 */
@ConfigurationProperties("platform.security")
public record SecurityProperties(List<Token> tokens) {

    public static final String ROLE_VIEWER = "viewer";
    public static final String ROLE_OPERATOR = "operator";
    public static final String ROLE_ADMIN = "admin";

    private static final List<String> ROLES_IN_ORDER = List.of(ROLE_VIEWER, ROLE_OPERATOR, ROLE_ADMIN);

    public SecurityProperties {
        tokens = tokens == null ? List.of() : tokens.stream().filter(Token::configured).toList();
    }

    public record Token(String name, String sha256, Set<String> roles) {

        public Token {
            roles = roles == null ? Set.of() : Set.copyOf(roles);
        }

        /** Whether this token holds {@code role}, directly or through a higher role. */
        public boolean has(String role) {
            int needed = ROLES_IN_ORDER.indexOf(role);
            return roles.contains(role)
                    || (needed >= 0 && roles.stream().anyMatch(held -> ROLES_IN_ORDER.indexOf(held) > needed));
        }

        boolean configured() {
            return sha256 != null && sha256.matches("^[0-9a-fA-F]{64}$");
        }
    }
}
