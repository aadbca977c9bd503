package dev.orderplatform.kit.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the shared stack once the whole test run is over (not per class), if this run started it.
 * Registered by the stack-tests module in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public class StackSession implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        RunningStack.stopIfStartedHere();
    }
}
