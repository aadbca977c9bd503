package dev.orderplatform.inventory.messaging;

import dev.orderplatform.inventory.store.StockChangeMessageMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The producer's transaction listener for stock-change messages.
 *
 * <p>{@link #executeLocalTransaction}: RocketMQ calls it right after the broker stored the half message; it tells
 * the waiting stock change (see {@link StockChangePublisher}) to go on and commit, and answers the outcome of
 * that commit. {@link #checkLocalTransaction}: the broker asks back about a half message nobody ended (the process
 * died, or the end was lost); the answer is read from {@code stock_change_messages} — any instance of the producer
 * group can give it, and it is the same after any restart.
 */
@Component
public class StockChangeTransactionListener implements TransactionListener {

    private static final Logger log = LoggerFactory.getLogger(StockChangeTransactionListener.class);

    private final StockChangeMessageMapper journal;
    private final TransactionTemplate lockingRead;
    private final StockMessaging settings;
    private final MeterRegistry meters;

    public StockChangeTransactionListener(StockChangeMessageMapper journal, PlatformTransactionManager transactions,
                                          StockMessaging settings, MeterRegistry meters) {
        this.journal = journal;
        this.lockingRead = new TransactionTemplate(transactions);
        this.lockingRead.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.lockingRead.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.settings = settings;
        this.meters = meters;
    }

    @Override
    public LocalTransactionState executeLocalTransaction(Message message, Object pendingChange) {
        StockChangePublisher.PendingChange change = (StockChangePublisher.PendingChange) pendingChange;
        change.halfMessageStored();
        try {
            Boolean committed = change.awaitOutcome(settings.outcomeWait().toMillis());
            LocalTransactionState answer = committed == null ? LocalTransactionState.UNKNOW
                    : committed ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.ROLLBACK_MESSAGE;
            meters.counter("stock.messages.ended", "answer", answer.name()).increment();
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LocalTransactionState.UNKNOW; // the check-back will decide
        }
    }

    @Override
    public LocalTransactionState checkLocalTransaction(MessageExt message) {
        String changeId = message.getKeys();
        LocalTransactionState answer;
        try {
            Integer found = lockingRead.execute(status -> journal.countCommitted(changeId));
            answer = found != null && found > 0 ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.ROLLBACK_MESSAGE;
        } catch (RuntimeException unreachable) {
            log.warn("Check-back of stock change {} could not read the database; the broker will ask again: {}",
                    changeId, unreachable.toString());
            answer = LocalTransactionState.UNKNOW;
        }
        log.info("Check-back of stock change {} (half message {}): {}", changeId, message.getMsgId(), answer);
        meters.counter("stock.messages.checked", "answer", answer.name()).increment();
        return answer;
    }
}
