package dev.orderplatform.kit.security;

import static dev.orderplatform.kit.security.AdminRole.ADMIN;
import static dev.orderplatform.kit.security.AdminRole.METRICS;
import static dev.orderplatform.kit.security.AdminRole.OPERATOR;
import static dev.orderplatform.kit.security.AdminRole.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;

class BearerTokensTest {

    private final BearerTokens tokens = new BearerTokens(new SecurityProperties(List.of(
            new SecurityProperties.Token("ops", BearerTokens.sha256Hex("s3cret"), Set.of(OPERATOR)),
            new SecurityProperties.Token("unset", "", Set.of(ADMIN)))));

    @Test
    void aConfiguredTokenIsRecognisedByItsHash() {
        assertThat(tokens.authenticate("Bearer s3cret")).hasValueSatisfying(token -> assertThat(token.name()).isEqualTo("ops"));
        assertThat(tokens.authenticate("bearer s3cret")).as("scheme is case-insensitive").isPresent();
    }

    @Test
    void anythingElseIsUnknown() {
        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(tokens.authenticate("Bearer wrong")).isEmpty();
        assertThat(tokens.authenticate("Basic s3cret")).isEmpty();
        assertThat(tokens.authenticate("Bearer ")).as("an empty token never matches an unset hash").isEmpty();
    }

    @Test
    void aRoleIncludesEveryLesserRole() {
        SecurityProperties.Token metrics = new SecurityProperties.Token("m", BearerTokens.sha256Hex("m"), Set.of(METRICS));
        SecurityProperties.Token viewer = new SecurityProperties.Token("v", BearerTokens.sha256Hex("v"), Set.of(VIEWER));
        SecurityProperties.Token admin = new SecurityProperties.Token("a", BearerTokens.sha256Hex("a"), Set.of(ADMIN));

        assertThat(metrics.effectiveRoles()).containsExactly(METRICS);
        assertThat(viewer.effectiveRoles()).containsExactly(METRICS, VIEWER);
        assertThat(admin.effectiveRoles()).containsExactly(METRICS, VIEWER, OPERATOR, ADMIN);
        assertThat(viewer.has(OPERATOR)).isFalse();
    }

    @Test
    void theIntrospectorGivesAKnownTokenItsRolesAsAuthoritiesAndRefusesTheRest() {
        AdminTokenIntrospector introspector = new AdminTokenIntrospector(tokens);

        assertThat(introspector.introspect("s3cret").getAuthorities()).extracting(Object::toString)
                .containsExactlyInAnyOrder("ROLE_METRICS", "ROLE_VIEWER", "ROLE_OPERATOR");
        assertThat(introspector.introspect("s3cret").getName()).isEqualTo("ops");
        assertThatThrownBy(() -> introspector.introspect("guess")).isInstanceOf(BadOpaqueTokenException.class);
    }
}
