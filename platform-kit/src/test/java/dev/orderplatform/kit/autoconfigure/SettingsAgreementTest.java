package dev.orderplatform.kit.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

class SettingsAgreementTest {

    @Test
    void theShippedDefaultsAgree() throws IOException {
        StandardEnvironment defaults = new StandardEnvironment();
        new YamlPropertySourceLoader().load("defaults", new ClassPathResource(PlatformDefaults.RESOURCE))
                .forEach(defaults.getPropertySources()::addLast);

        assertThat(defaults.getProperty("platform.external-checkout.payment-window")).as("every service has it").isNotNull();
        assertThatCode(() -> SettingsAgreement.check(defaults)).doesNotThrowAnyException();
    }

    @Test
    void aFenceHorizonNoLongerThanThePaymentWindowIsRefusedNamingBoth() {
        // the defaults before this rule: a release record could be deleted while its order's saga step may still arrive
        StandardEnvironment environment = environment(Map.of("platform.tcc.fence-cleanup.horizon", "15m",
                "platform.tcc.global-timeout", "30s", "platform.tcc.phase-two-retry-window", "10m",
                "platform.external-checkout.payment-window", "15m"));

        assertThatThrownBy(() -> SettingsAgreement.check(environment)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("platform.tcc.fence-cleanup.horizon (PT15M) must be longer than platform.external-checkout.payment-window (PT15M)")
                .hasMessageNotContaining("phase-two-retry-window (");
    }

    @Test
    void everyBrokenRuleIsNamedAtOnceWithItsSum() {
        StandardEnvironment environment = environment(Map.of("platform.tcc.fence-cleanup.horizon", "5m",
                "platform.tcc.global-timeout", "30s", "platform.tcc.phase-two-retry-window", "10m",
                "platform.stragglers.after", "10s", "platform.checkout.recovery.grace", "10s"));

        assertThatThrownBy(() -> SettingsAgreement.check(environment))
                .hasMessageContaining("platform.tcc.fence-cleanup.horizon (PT5M) must be longer than "
                        + "platform.tcc.global-timeout + platform.tcc.phase-two-retry-window (PT10M30S)")
                .hasMessageContaining("platform.stragglers.after (PT10S) must be longer than platform.checkout.recovery.grace (PT10S)");
    }

    @Test
    void aRetentionThatDoesNotOutliveItsHorizonIsRefusedNamingBoth() {
        // key records deleted inside the replay window; inbox rows deleted while the provider may still report
        StandardEnvironment environment = environment(Map.of("platform.idempotency.replay-window", "24h",
                "platform.retention.keep.idempotency-keys", "24h",
                "platform.payment-callbacks.overdue.lookback", "72h", "platform.retention.keep.callback-inbox", "48h",
                "platform.tcc.fence-cleanup.one-off-horizon", "20h"));

        assertThatThrownBy(() -> SettingsAgreement.check(environment))
                .hasMessageContaining("platform.retention.keep.idempotency-keys (PT24H) must be longer than platform.idempotency.replay-window (PT24H)")
                .hasMessageContaining("platform.retention.keep.callback-inbox (PT48H) must be longer than platform.payment-callbacks.overdue.lookback (PT72H)")
                .hasMessageContaining("platform.tcc.fence-cleanup.one-off-horizon (PT20H) must be longer than platform.idempotency.replay-window (PT24H)");
        assertThatCode(() -> SettingsAgreement.check(environment(Map.of("platform.idempotency.replay-window", "24h",
                "platform.retention.keep.idempotency-keys", "48h", "platform.payment-callbacks.overdue.lookback", "72h",
                "platform.retention.keep.callback-inbox", "30d")))).doesNotThrowAnyException();
    }

    @Test
    void aRuleAboutSettingsAServiceDoesNotHaveDoesNotApplyToIt() {
        // a participant has no straggler or recovery settings: only order-svc does
        StandardEnvironment participant = environment(Map.of("platform.tcc.fence-cleanup.horizon", "30m",
                "platform.tcc.global-timeout", "30s", "platform.tcc.phase-two-retry-window", "10m",
                "platform.external-checkout.payment-window", "15m"));

        assertThatCode(() -> SettingsAgreement.check(participant)).doesNotThrowAnyException();
    }

    @Test
    void aServiceWhoseSettingsDisagreeRefusesToStart() {
        new ApplicationContextRunner().withUserConfiguration(Agreement.class)
                .withPropertyValues("platform.stragglers.after=5s", "platform.checkout.recovery.grace=10s")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasMessageContaining("platform.stragglers.after (PT5S) must be longer than platform.checkout.recovery.grace (PT10S)"));
        new ApplicationContextRunner().withUserConfiguration(Agreement.class)
                .withPropertyValues("platform.stragglers.after=20s", "platform.checkout.recovery.grace=10s")
                .run(context -> assertThat(context).hasNotFailed());
    }

    /** The kit's check exactly as its auto-configuration registers it. */
    @Configuration(proxyBeanMethods = false)
    static class Agreement {
        @Bean
        static BeanFactoryPostProcessor settingsAgreement(Environment environment) {
            return PlatformKitAutoConfiguration.settingsAgreement(environment);
        }
    }

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        return environment;
    }
}
