package dev.orderplatform.kit.security;

import java.util.Map;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DefaultOAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;

/**
 * The admin zone's bearer tokens, as Spring Security's opaque-token support sees them: a presented token is known
 * when its SHA-256 matches a configured one ({@link BearerTokens}, constant-time), and then carries its roles as
 * {@code ROLE_*} authorities, the implied lesser roles included. Nothing is asked of a remote server: the hashes are
 * the whole truth, which is why this replaces the usual introspection endpoint.
 */
public class AdminTokenIntrospector implements OpaqueTokenIntrospector {

    private final BearerTokens tokens;

    public AdminTokenIntrospector(BearerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public OAuth2AuthenticatedPrincipal introspect(String token) {
        SecurityProperties.Token known = tokens.find(token)
                .orElseThrow(() -> new BadOpaqueTokenException("not a configured admin token"));
        return new DefaultOAuth2AuthenticatedPrincipal(known.name(), Map.of("token", known.name()),
                known.effectiveRoles().stream().<GrantedAuthority>map(role -> new SimpleGrantedAuthority(role.authority())).toList());
    }
}
