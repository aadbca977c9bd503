package dev.orderplatform.kit.benchmark;

import dev.orderplatform.kit.tcc.GlobalTransactionPropagation;
import dev.orderplatform.kit.web.Problems;
import java.util.function.Function;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Benchmark only: runs a MySQL participant's whole part of a checkout (its Try's writes, then its Confirm's)
 * in one local transaction, as the flow asks:
 * <ul>
 *   <li>{@code baseline}: no global transaction at all; the rows are keyed {@code baseline:<orderId>};</li>
 *   <li>{@code at}: inside the caller's global transaction, through Seata's AT proxy — the local commit registers
 *       an AT branch with its undo log and global row locks, and phase two deletes or applies the undo log.</li>
 * </ul>
 */
public class BenchmarkWrites {

    private final TransactionTemplate transactions;

    public BenchmarkWrites(PlatformTransactionManager transactionManager) {
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /** @param writes given the XID to key the rows by, does the writes and returns the answer */
    public <T> T run(String flowHeader, String orderId, Function<String, T> writes) {
        BenchmarkFlow flow = BenchmarkFlow.fromHeader(flowHeader);
        return switch (flow) {
            case BASELINE -> transactions.execute(status -> writes.apply("baseline:" + orderId));
            case AT -> {
                String xid = GlobalTransactionPropagation.requireXid();
                yield SeataAtDataSource.call(() -> transactions.execute(status -> writes.apply(xid)));
            }
            default -> throw Problems.validation(BenchmarkFlow.HEADER, "a participant runs only the baseline and at flows this way");
        };
    }
}
