package dev.orderplatform.stacktests;

import dev.orderplatform.kit.testing.RunningStack;

/** The checkout scenarios against the stack of this build (MariaDB, the Mongo wire server, embedded Redis). */
class WalletCheckoutIT extends WalletCheckoutScenarios {

    @Override
    RunningStack stack() {
        return RunningStack.shared();
    }
}
