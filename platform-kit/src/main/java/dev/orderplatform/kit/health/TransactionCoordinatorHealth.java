package dev.orderplatform.kit.health;

import io.seata.core.model.GlobalStatus;
import io.seata.tm.TransactionManagerHolder;
import java.time.Duration;
import org.springframework.boot.actuate.health.Health;

/**
 * Ready only while a Seata TC answers: asks it for the status of a transaction that does not exist, the cheapest
 * question that goes through the TC's request handling and its session store (the TC reads its database for it). A
 * service that cannot reach the TC cannot begin, register or finish a branch.
 */
public class TransactionCoordinatorHealth extends AnswerWithinPatience {

    /** No transaction has this id: the TC answers Finished (it knows of no such session). */
    static final String PROBE_XID = "readiness-probe:0:0";

    public TransactionCoordinatorHealth(Duration patience) {
        super("transactionCoordinator", patience);
    }

    @Override
    protected Health ask() throws Exception {
        GlobalStatus status = TransactionManagerHolder.get().getStatus(PROBE_XID);
        return Health.up().withDetail("probe", status.name()).build();
    }
}
