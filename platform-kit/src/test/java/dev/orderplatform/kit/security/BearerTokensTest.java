package dev.orderplatform.kit.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BearerTokensTest {

    private final BearerTokens tokens = new BearerTokens(new SecurityProperties(List.of(
            new SecurityProperties.Token("ops", BearerTokens.sha256Hex("s3cret"), Set.of("admin")),
            new SecurityProperties.Token("unset", "", Set.of("admin")))));

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
        SecurityProperties.Token viewer = new SecurityProperties.Token("v", BearerTokens.sha256Hex("v"), Set.of("viewer"));
        SecurityProperties.Token operator = new SecurityProperties.Token("o", BearerTokens.sha256Hex("o"), Set.of("operator"));
        SecurityProperties.Token admin = new SecurityProperties.Token("a", BearerTokens.sha256Hex("a"), Set.of("admin"));

        assertThat(viewer.has("viewer")).isTrue();
        assertThat(viewer.has("operator")).isFalse();
        assertThat(viewer.has("admin")).isFalse();
        assertThat(operator.has("viewer")).isTrue();
        assertThat(operator.has("operator")).isTrue();
        assertThat(operator.has("admin")).isFalse();
        assertThat(admin.has("viewer")).isTrue();
        assertThat(admin.has("operator")).isTrue();
        assertThat(admin.has("unheard-of")).as("an unknown role is held only by name").isFalse();
    }
}
