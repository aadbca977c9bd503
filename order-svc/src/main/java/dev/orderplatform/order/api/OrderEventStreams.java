package dev.orderplatform.order.api;

import dev.orderplatform.order.domain.Order;
import dev.orderplatform.order.messaging.OrderStatusFanout.OrderStatusBroadcast;
import dev.orderplatform.order.store.OrderStore;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open {@code GET /api/orders/{id}/events} streams of this instance (API.md). A stream is registered
 * before the order is first read, so a change that lands in between is not missed: it either is in the first
 * read or arrives as a nudge after it. Each stream remembers the last version it sent and sends the order
 * whenever a newer version is read — from a nudge ({@link OrderStatusBroadcast}, from any instance), or from
 * the periodic re-read that makes up for nudges lost in Redis pub/sub. A stream ends after a terminal status.
 */
@Component
public class OrderEventStreams implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OrderEventStreams.class);

    private final OrderStore orders;
    private final Duration timeout;
    private final Map<String, Set<Stream>> byOrder = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "order-event-streams");
        thread.setDaemon(true);
        return thread;
    });

    public OrderEventStreams(OrderStore orders,
                             @Value("${platform.order-events.heartbeat}") Duration heartbeat,
                             @Value("${platform.order-events.reread}") Duration reread,
                             @Value("${platform.order-events.timeout}") Duration timeout) {
        this.orders = orders;
        this.timeout = timeout;
        timer.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::rereadAll, reread.toMillis(), reread.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream of {@code orderId}'s versions above {@code lastEventId} (0: from the current snapshot).
     * The caller has checked the order exists.
     */
    public SseEmitter open(String orderId, long lastEventId) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        Stream stream = new Stream(orderId, emitter, lastEventId);
        byOrder.computeIfAbsent(orderId, id -> ConcurrentHashMap.newKeySet()).add(stream);
        emitter.onCompletion(() -> remove(stream));
        emitter.onTimeout(() -> remove(stream));
        emitter.onError(error -> remove(stream));
        orders.find(orderId).ifPresent(stream::offer);
        return emitter;
    }

    /** A nudge: the order changed on some instance. */
    @EventListener
    public void changed(OrderStatusBroadcast change) {
        Set<Stream> streams = byOrder.get(change.orderId());
        if (streams != null && !streams.isEmpty()) {
            orders.find(change.orderId()).ifPresent(order -> streams.forEach(stream -> stream.offer(order)));
        }
    }

    private void rereadAll() {
        for (String orderId : byOrder.keySet()) {
            try {
                changed(new OrderStatusBroadcast(orderId, 0));
            } catch (RuntimeException e) {
                log.debug("Re-read of order {} failed: {}", orderId, e.toString());
            }
        }
    }

    private void heartbeat() {
        byOrder.values().forEach(streams -> streams.forEach(Stream::heartbeat));
    }

    private void remove(Stream stream) {
        byOrder.computeIfPresent(stream.orderId, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        byOrder.values().forEach(streams -> streams.forEach(stream -> stream.emitter.complete()));
    }

    /** Number of open streams (for tests and metrics). */
    int open() {
        return byOrder.values().stream().mapToInt(Set::size).sum();
    }

    private final class Stream {
        private final String orderId;
        private final SseEmitter emitter;
        private long lastSent;
        private boolean ended;

        Stream(String orderId, SseEmitter emitter, long lastSent) {
            this.orderId = orderId;
            this.emitter = emitter;
            this.lastSent = lastSent;
        }

        /** Sends the order if it is newer than what this stream sent; ends the stream once it is terminal. */
        synchronized void offer(Order order) {
            if (ended) {
                return;
            }
            try {
                if (order.version() > lastSent) {
                    emitter.send(SseEmitter.event().name("order").id(Long.toString(order.version()))
                            .data(OrderView.of(order), MediaType.APPLICATION_JSON));
                    lastSent = order.version();
                }
                if (order.isTerminal()) {
                    ended = true;
                    emitter.complete();
                }
            } catch (IOException | IllegalStateException gone) {
                end(gone);
            }
        }

        synchronized void heartbeat() {
            if (ended) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().comment("heartbeat"));
            } catch (IOException | IllegalStateException gone) {
                end(gone);
            }
        }

        private void end(Exception cause) {
            ended = true;
            remove(this);
            Optional.ofNullable(cause).ifPresent(c -> log.debug("Stream of {} closed: {}", orderId, c.toString()));
            emitter.completeWithError(cause);
        }
    }
}
