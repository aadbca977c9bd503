package dev.orderplatform.order.flashsale;

import dev.orderplatform.order.domain.FlashPurchase;
import dev.orderplatform.order.store.FlashPurchaseStore.Recorded;
import java.nio.charset.StandardCharsets;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.springframework.stereotype.Component;

/**
 * Queues admitted purchases through RocketMQ so that a purchase is queued exactly when it is recorded. Each is a
 * transactional message: the broker stores it as a half message (invisible to consumers), then the local transaction
 * records the purchase in MySQL ({@link FlashPurchaseTransactionListener}), then the message is committed or
 * rolled back with it. If the process dies in between, the broker asks back and the answer is read from
 * {@code flash_purchases} — so a recorded purchase is always delivered and an unrecorded one never is.
 *
 * <p>Why MySQL and not Redis as the local transaction: Redis may restart empty (nothing here makes it durable), and a
 * check-back that found no admission there would roll back the message of a purchase already answered 202. Redis
 * still answers every refusal on its own; only admitted purchases, at most the sale's units, reach MySQL and the
 * broker.
 */
@Component
public class FlashPurchaseQueue {

    /** The queue could not take the purchase: nothing was recorded (unless {@code recordedMaybe}). */
    public static final class QueueUnavailableException extends RuntimeException {

        private final boolean recordedMaybe;

        QueueUnavailableException(String message, Throwable cause, boolean recordedMaybe) {
            super(message, cause);
            this.recordedMaybe = recordedMaybe;
        }

        /** The database's outcome is unknown: the purchase may be recorded (and then queued by the check-back). */
        public boolean recordedMaybe() {
            return recordedMaybe;
        }
    }

    /** One purchase's local transaction: what it recorded, or how it failed. Filled in on the sending thread. */
    static final class LocalAdmission {

        final FlashPurchase purchase;
        volatile Recorded recorded;
        volatile RuntimeException failure;

        LocalAdmission(FlashPurchase purchase) {
            this.purchase = purchase;
        }
    }

    private final TransactionMQProducer producer;

    public FlashPurchaseQueue(TransactionMQProducer flashPurchaseProducer) {
        this.producer = flashPurchaseProducer;
    }

    /** Records and queues the purchase (one transactional message), answering what the database decided. */
    public Recorded enqueue(FlashPurchase purchase) {
        Message message = new Message(FlashSaleSettings.TOPIC, null, purchase.purchaseId(),
                purchase.purchaseId().getBytes(StandardCharsets.UTF_8));
        LocalAdmission local = new LocalAdmission(purchase);
        TransactionSendResult sent;
        try {
            // RocketMQ runs the local transaction on this thread, right after the broker stored the half message
            sent = producer.sendMessageInTransaction(message, local);
        } catch (Exception brokerUnreachable) {
            throw new QueueUnavailableException("the queue did not take purchase " + purchase.purchaseId(),
                    brokerUnreachable, local.recorded != null || local.failure != null);
        }
        if (local.failure != null) {
            throw new QueueUnavailableException("purchase " + purchase.purchaseId() + " could not be recorded",
                    local.failure, true);
        }
        if (local.recorded == null) {
            throw new QueueUnavailableException("the broker did not store purchase " + purchase.purchaseId() + ": "
                    + sent.getSendStatus(), null, false);
        }
        return local.recorded;
    }
}
