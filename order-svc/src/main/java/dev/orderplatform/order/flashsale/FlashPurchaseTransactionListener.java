package dev.orderplatform.order.flashsale;

import dev.orderplatform.order.store.FlashPurchaseStore;
import dev.orderplatform.order.store.FlashPurchaseStore.Recorded;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The purchase queue's transaction listener. {@link #executeLocalTransaction}: records the admitted purchase (see
 * {@link FlashPurchaseQueue}); the message is committed only if it was recorded by this transaction. {@link
 * #checkLocalTransaction}: the broker asks about a half message nobody ended; any order-svc instance answers from
 * {@code flash_purchases}, the same after any restart.
 */
@Component
public class FlashPurchaseTransactionListener implements TransactionListener {

    private static final Logger log = LoggerFactory.getLogger(FlashPurchaseTransactionListener.class);

    private final FlashPurchaseStore purchases;
    private final MeterRegistry meters;

    public FlashPurchaseTransactionListener(FlashPurchaseStore purchases, MeterRegistry meters) {
        this.purchases = purchases;
        this.meters = meters;
    }

    @Override
    public LocalTransactionState executeLocalTransaction(Message message, Object localAdmission) {
        FlashPurchaseQueue.LocalAdmission local = (FlashPurchaseQueue.LocalAdmission) localAdmission;
        try {
            local.recorded = purchases.recordAdmitted(local.purchase);
            return local.recorded == Recorded.QUEUED ? LocalTransactionState.COMMIT_MESSAGE
                    : LocalTransactionState.ROLLBACK_MESSAGE;
        } catch (RuntimeException unknown) {
            // whether it committed is unknown when the commit's answer is lost with its connection: the check-back
            // reads what happened rather than guessing here
            local.failure = unknown;
            return LocalTransactionState.UNKNOW;
        }
    }

    @Override
    public LocalTransactionState checkLocalTransaction(MessageExt message) {
        String purchaseId = message.getKeys();
        LocalTransactionState answer;
        try {
            answer = purchases.isRecorded(purchaseId) ? LocalTransactionState.COMMIT_MESSAGE
                    : LocalTransactionState.ROLLBACK_MESSAGE;
        } catch (RuntimeException unreachable) {
            log.warn("Check-back of purchase {} could not read the database; the broker will ask again: {}", purchaseId,
                    unreachable.toString());
            answer = LocalTransactionState.UNKNOW;
        }
        log.info("Check-back of purchase {} (half message {}): {}", purchaseId, message.getMsgId(), answer);
        meters.counter("flash.purchases.checked", "answer", answer.name()).increment();
        return answer;
    }
}
