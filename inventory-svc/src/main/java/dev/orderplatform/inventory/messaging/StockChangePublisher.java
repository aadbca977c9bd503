package dev.orderplatform.inventory.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.inventory.domain.StockLevel;
import dev.orderplatform.inventory.store.StockChangeMessageMapper;
import dev.orderplatform.inventory.store.StockChangeMessageRow;
import dev.orderplatform.inventory.store.StockItemMapper;
import dev.orderplatform.kit.faults.FaultHooks;
import dev.orderplatform.kit.web.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Makes every stock change commit together with a RocketMQ transactional message carrying the SKUs' new state.
 *
 * <p>Code that changes {@code stock_items} calls {@link #changed} inside its transaction. Just before that
 * transaction commits, still holding the rows' locks, this reads the SKUs' new state and versions, writes the
 * message body to {@code stock_change_messages} (in the same transaction) and has the broker store it as a half
 * message — invisible to consumers. Only then does the database commit; the outcome is then reported to the
 * broker (commit or roll back the message). The order is RocketMQ's protocol: half message, local transaction,
 * end. Whatever dies in between, the broker asks back ({@link StockChangeTransactionListener}) and the answer
 * comes from the database row, never from memory.
 *
 * <p>The half message is sent from another thread because RocketMQ's sender calls the transaction listener on
 * its own thread right after storing the half message and expects the local outcome from it: that thread waits
 * here for the commit that this thread is about to do.
 *
 * <p>If the broker cannot take the half message, the change is rolled back and answered 503: a stock change
 * the cache would never hear of is not made.
 */
@Component
public class StockChangePublisher {

    /**
     * Fault points: after the half message is stored (before the commit); after the commit (before the end); and a
     * commit whose outcome is taken as unknown, as when the database's answer is lost.
     */
    public static final String HALF_SENT = "stock-change-message/HALF_SENT";
    public static final String COMMITTED = "stock-change-message/COMMITTED";
    public static final String OUTCOME_LOST = "stock-change-message/OUTCOME_LOST";

    private final StockItemMapper items;
    private final StockChangeMessageMapper journal;
    private final TransactionMQProducer producer;
    /**
     * Threads that send half messages and wait for their transaction's outcome: one per stock change in flight, so
     * as many as the database pool has connections, plus room for ends not yet reported. A change that finds no
     * thread is rolled back and answered 503 rather than queued without bound.
     */
    private final ExecutorService senders;
    private final ObjectMapper json;
    private final StockMessaging settings;
    private final FaultHooks faults;
    private final Clock clock;

    public StockChangePublisher(StockItemMapper items, StockChangeMessageMapper journal, TransactionMQProducer producer,
                                ObjectMapper json, StockMessaging settings, FaultHooks faults, Clock clock,
                                @Value("${spring.datasource.hikari.maximum-pool-size}") int connections) {
        this.items = items;
        this.journal = journal;
        this.producer = producer;
        this.senders = new ThreadPoolExecutor(connections, 2 * connections, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(connections), new CustomizableThreadFactory("stock-message-"));
        this.json = json;
        this.settings = settings;
        this.faults = faults;
        this.clock = clock;
    }

    @PreDestroy
    void stop() {
        senders.shutdown();
    }

    /** Records that the current transaction changed {@code sku}; its message goes out when the transaction commits. */
    public void changed(String sku) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("stock of " + sku + " changed outside a transaction: no message could go with it");
        }
        PendingChange pending = (PendingChange) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            pending = new PendingChange();
            TransactionSynchronizationManager.bindResource(this, pending);
            TransactionSynchronizationManager.registerSynchronization(pending);
        }
        pending.skus.add(sku);
    }

    /** One transaction's change, from its first {@link #changed} to the end reported to the broker. */
    final class PendingChange implements TransactionSynchronization {

        private final String changeId = UUID.randomUUID().toString();
        private final SortedSet<String> skus = new TreeSet<>();
        private final CompletableFuture<Void> halfStored = new CompletableFuture<>();
        private final CompletableFuture<Boolean> committed = new CompletableFuture<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            List<StockLevel> levels = skus.stream()
                    .map(sku -> Objects.requireNonNull(items.selectById(sku), "changed SKU " + sku + " is gone").toLevel())
                    .toList();
            String body = write(new StockChangeMessage(changeId, levels));
            journal.insert(StockChangeMessageRow.of(changeId, body, clock.instant()));
            Message message = new Message(StockMessaging.TOPIC, null, changeId, body.getBytes(StandardCharsets.UTF_8));
            try {
                senders.execute(() -> send(message));
            } catch (RejectedExecutionException busy) {
                halfStored.completeExceptionally(busy);
            }
            awaitHalfMessage();
            faults.at(HALF_SENT);
        }

        private void send(Message message) {
            try {
                SendResult sent = producer.sendMessageInTransaction(message, this);
                // no effect if the listener ran (it completed halfStored); otherwise the broker refused the message
                halfStored.completeExceptionally(new IllegalStateException("half message not stored: " + sent.getSendStatus()));
            } catch (Throwable e) {
                halfStored.completeExceptionally(e);
            }
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(StockChangePublisher.this);
            int outcome = status;
            if (status == STATUS_COMMITTED) {
                faults.at(COMMITTED);
                try {
                    faults.at(OUTCOME_LOST);
                } catch (FaultHooks.InjectedFault lost) {
                    outcome = STATUS_UNKNOWN; // as when the database's answer to COMMIT is lost with its connection
                }
            }
            // unknown (the commit's answer was lost): neither commit nor roll back the message; the broker's check-back
            // asks the database, which knows
            committed.complete(outcome == STATUS_UNKNOWN ? null : outcome == STATUS_COMMITTED);
        }

        /** Called by the sender's listener once the broker holds the half message. */
        void halfMessageStored() {
            halfStored.complete(null);
        }

        /** The local outcome, once the transaction ended; null if it is unknown or did not end within {@code wait}. */
        Boolean awaitOutcome(long waitMillis) throws InterruptedException {
            try {
                return committed.get(waitMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException stillOpen) {
                return null;
            } catch (ExecutionException impossible) {
                return false;
            }
        }

        private void awaitHalfMessage() {
            try {
                halfStored.get(settings.halfMessageTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while sending the stock change message", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new StoreUnavailableException("the message broker did not take the stock change message "
                        + changeId + "; the change is rolled back", e instanceof ExecutionException ? e.getCause() : e);
            }
        }
    }

    private String write(StockChangeMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
