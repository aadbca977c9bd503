package dev.orderplatform.kit.tcc;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The timing of global transactions, in one place ({@code platform.tcc.*}, defaults in platform-defaults.yml):
 *
 * @param globalTimeout       how long a global transaction may run (the initiator's deadline; the TC times it
 *                            out and rolls it back after this)
 * @param phaseTwoRetryWindow how long the TC keeps retrying a Confirm or Cancel that fails
 *                            ({@code max-commit-retry-timeout} / {@code max-rollback-retry-timeout}, which
 *                            ./stack writes into the TC's configuration from the same value)
 * @param fenceCleanup        when finished fence records may be deleted
 */
@ConfigurationProperties("platform.tcc")
public record TccSettings(Duration globalTimeout, Duration phaseTwoRetryWindow, FenceCleanup fenceCleanup) {

    /**
     * @param horizon       finished fence records (committed, rolled back, suspended) older than this are deleted;
     *                      strictly longer than any Try, phase two or saga step can still arrive (checked at start-up
     *                      by {@link dev.orderplatform.kit.autoconfigure.SettingsAgreement})
     * @param oneOffHorizon one-off operation records (e.g. grants) are kept this long — longer than the 24 h an
     *                      Idempotency-Key can be replayed
     * @param interval      how often the cleanup runs
     */
    public record FenceCleanup(Duration horizon, Duration oneOffHorizon, Duration interval) {
    }

    public TccSettings {
        if (globalTimeout == null || phaseTwoRetryWindow == null || fenceCleanup == null || fenceCleanup.horizon() == null
                || fenceCleanup.oneOffHorizon() == null || fenceCleanup.interval() == null) {
            throw new IllegalArgumentException("platform.tcc.* must all be set (see platform-defaults.yml)");
        }
        // how the horizons must relate to the timeout, the retry window, the payment window and the replay window:
        // SettingsAgreement
    }
}
