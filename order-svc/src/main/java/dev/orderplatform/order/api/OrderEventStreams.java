package dev.orderplatform.order.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import dev.orderplatform.order.domain.Order;
import dev.orderplatform.order.messaging.OrderStatusFanout.OrderStatusBroadcast;
import dev.orderplatform.order.store.OrderStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
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
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The open {@code GET /api/orders/{id}/events} streams of this instance (API.md). A stream is registered before the
 * order is read for its snapshot, so a change that lands in between is not missed: it either is in that read or
 * arrives as a nudge after it. Each stream remembers the last version it sent and sends the order whenever a newer
 * version is read — from a nudge ({@link OrderStatusBroadcast}, from any instance), or from the periodic re-read that
 * makes up for nudges lost in Redis pub/sub. A stream ends after a terminal status.
 *
 * <p>Bounded: at most {@code max-per-order} streams of one order and {@code max-per-user} of one user's orders
 * (429), and {@code max-streams} on this instance (503); every write is non-blocking ({@link SseConnection}), so a
 * client that stops reading is dropped without holding up the others' heartbeats. A reconnect that already has the
 * final version of a finished order is answered 204, which tells a browser's {@code EventSource} to stop
 * reconnecting (HTML's server-sent events: "HTTP 204 No Content … must fail the connection").
 */
@Component
public class OrderEventStreams implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OrderEventStreams.class);

    /** The limits on open streams, per order, per user (the orders' owner) and per instance. */
    public record Limits(int perOrder, int perUser, int perInstance) {
    }

    private final OrderStore orders;
    private final ObjectMapper json;
    private final Duration timeout;
    private final Limits limits;
    private final Map<String, Set<Stream>> byOrder = new ConcurrentHashMap<>();
    private final Map<String, Set<Stream>> byUser = new ConcurrentHashMap<>();
    private final Set<Stream> all = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "order-event-streams");
        thread.setDaemon(true);
        return thread;
    });

    public OrderEventStreams(OrderStore orders, ObjectMapper json, MeterRegistry meters,
                             @Value("${platform.order-events.heartbeat}") Duration heartbeat,
                             @Value("${platform.order-events.reread}") Duration reread,
                             @Value("${platform.order-events.timeout}") Duration timeout,
                             @Value("${platform.order-events.max-per-order}") int maxPerOrder,
                             @Value("${platform.order-events.max-per-user}") int maxPerUser,
                             @Value("${platform.order-events.max-streams}") int maxStreams) {
        this.orders = orders;
        this.json = json;
        this.timeout = timeout;
        this.limits = new Limits(maxPerOrder, maxPerUser, maxStreams);
        Gauge.builder("order.event.streams", all, Set::size).description("open order event streams on this instance").register(meters);
        timer.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::rereadAll, reread.toMillis(), reread.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream of {@code order}'s versions above {@code lastEventId} (0: from the current snapshot) on this
     * request — or answers 204 if the client already has the final version, or 429/503 if a limit is reached.
     */
    public void open(Order order, long lastEventId, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (order.isTerminal() && lastEventId >= order.version()) {
            response.setStatus(HttpStatus.NO_CONTENT.value()); // the stream is over for good: EventSource stops here
            return;
        }
        Stream stream = new Stream(order.orderId(), order.userId(), lastEventId);
        admit(stream);
        try {
            response.setStatus(HttpStatus.OK.value());
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Accel-Buffering", "no"); // proxies must not hold events back
            AsyncContext async = request.startAsync();
            async.setTimeout(timeout.toMillis());
            stream.connect(new SseConnection(async, response.getOutputStream(), closed -> remove(stream)));
        } catch (IOException | RuntimeException failed) {
            remove(stream);
            throw failed;
        }
        orders.find(order.orderId()).ifPresent(stream::offer);
    }

    /** Registers a stream within the limits, or refuses it (nothing registered). */
    private synchronized void admit(Stream stream) {
        if (all.size() >= limits.perInstance()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, Problems.SERVICE_UNAVAILABLE, "Too many streams",
                    "This instance has " + limits.perInstance() + " open streams; retry shortly (or poll the order).",
                    Map.of(), Map.of("Retry-After", "5"));
        }
        if (count(byOrder, stream.orderId) >= limits.perOrder()) {
            throw tooMany("order " + stream.orderId + " already has " + limits.perOrder() + " open streams");
        }
        if (count(byUser, stream.userId) >= limits.perUser()) {
            throw tooMany("the orders of user " + stream.userId + " already have " + limits.perUser() + " open streams");
        }
        all.add(stream);
        byOrder.computeIfAbsent(stream.orderId, id -> ConcurrentHashMap.newKeySet()).add(stream);
        byUser.computeIfAbsent(stream.userId, id -> ConcurrentHashMap.newKeySet()).add(stream);
    }

    private static ApiException tooMany(String why) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, Problems.TOO_MANY_REQUESTS, "Too many streams",
                why + "; close one first, or poll the order.", Map.of(), Map.of("Retry-After", "5"));
    }

    private static int count(Map<String, Set<Stream>> index, String key) {
        Set<Stream> streams = index.get(key);
        return streams == null ? 0 : streams.size();
    }

    private synchronized void remove(Stream stream) {
        all.remove(stream);
        removeFrom(byOrder, stream.orderId, stream);
        removeFrom(byUser, stream.userId, stream);
    }

    private static void removeFrom(Map<String, Set<Stream>> index, String key, Stream stream) {
        index.computeIfPresent(key, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
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
        all.forEach(Stream::heartbeat);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        all.forEach(Stream::end);
    }

    /** Number of open streams (for tests and metrics). */
    int open() {
        return all.size();
    }

    private final class Stream {
        private final String orderId;
        private final String userId;
        private SseConnection connection;
        private long lastSent;

        Stream(String orderId, String userId, long lastSent) {
            this.orderId = orderId;
            this.userId = userId;
            this.lastSent = lastSent;
        }

        synchronized void connect(SseConnection connection) {
            this.connection = connection;
        }

        /** Sends the order if it is newer than what this stream sent; ends the stream once it is terminal. */
        synchronized void offer(Order order) {
            if (connection == null || connection.closed()) {
                return;
            }
            if (order.version() > lastSent) {
                connection.send(Long.toString(order.version()), "order", write(OrderView.of(order)));
                lastSent = order.version();
            }
            if (order.isTerminal()) {
                connection.endAfterWritten();
            }
        }

        synchronized void heartbeat() {
            if (connection != null) {
                connection.heartbeat();
            }
        }

        synchronized void end() {
            if (connection != null) {
                connection.endAfterWritten();
            }
        }
    }

    private String write(OrderView view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
