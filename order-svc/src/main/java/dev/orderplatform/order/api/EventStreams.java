package dev.orderplatform.order.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderplatform.kit.web.ApiException;
import dev.orderplatform.kit.web.Problems;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.springframework.http.HttpStatus;

/**
 * The open event streams of one kind of thing on this instance (docs/api.md: orders, flash-sale purchases). A stream is
 * registered before the thing is read for its snapshot, so a change that lands in between is not missed: it either
 * is in that read or arrives as a nudge after it. Each stream remembers the last version it sent and sends the thing
 * whenever a newer version is read — from a nudge ({@link #changed}, from any instance through Redis), or from the
 * periodic re-read that makes up for nudges lost in Redis pub/sub. A stream ends after a terminal version.
 *
 * <p>Bounded: at most {@code perThing} streams of one thing and {@code perUser} of one user's things (429), and
 * {@code perInstance} on this instance (503); every write is non-blocking ({@link SseConnection}), so a client that
 * stops reading is dropped without holding up the others' heartbeats. A reconnect that already has the final
 * version is answered 204, which tells a browser's {@code EventSource} to stop reconnecting (HTML's server-sent
 * events: "HTTP 204 No Content … must fail the connection").
 *
 * @param <T> what is followed
 */
public final class EventStreams<T> {

    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);

    /** How the streams read and show the things they follow. */
    public interface Source<T> {
        /** The thing as stored now, if it exists. */
        Optional<T> find(String id);

        /** The user the thing belongs to (for the per-user limit). */
        String owner(T thing);

        /** Grows by one with every change the stream shows. */
        long version(T thing);

        boolean isTerminal(T thing);

        /** What is sent as the event's data (as JSON). */
        Object view(T thing);
    }

    /** Timing and limits ({@code platform.order-events.*}). */
    public record Settings(Duration heartbeat, Duration reread, Duration timeout, int perThing, int perUser,
                           int perInstance) {
    }

    private final String kind;
    private final String eventName;
    private final Source<T> source;
    private final ObjectMapper json;
    private final Settings settings;
    private final Map<String, Set<Stream>> byThing = new ConcurrentHashMap<>();
    private final Map<String, Set<Stream>> byUser = new ConcurrentHashMap<>();
    private final Set<Stream> all = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    /**
     * @param kind      what is followed, in messages ("order", "purchase")
     * @param eventName the SSE event name
     */
    public EventStreams(String kind, String eventName, Source<T> source, ObjectMapper json, MeterRegistry meters,
                        String gauge, Settings settings) {
        this.kind = kind;
        this.eventName = eventName;
        this.source = source;
        this.json = json;
        this.settings = settings;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, kind + "-event-streams");
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder(gauge, all, Set::size).description("open " + kind + " event streams on this instance").register(meters);
        long heartbeat = settings.heartbeat().toMillis();
        long reread = settings.reread().toMillis();
        timer.scheduleWithFixedDelay(this::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::rereadAll, reread, reread, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream of {@code thing}'s versions above {@code lastEventId} (0: from the current snapshot) on this
     * request — or answers 204 if the client already has the final version, or 429/503 if a limit is reached.
     */
    public void open(String id, T thing, long lastEventId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (source.isTerminal(thing) && lastEventId >= source.version(thing)) {
            response.setStatus(HttpStatus.NO_CONTENT.value()); // the stream is over for good: EventSource stops here
            return;
        }
        Stream stream = new Stream(id, source.owner(thing), lastEventId);
        admit(stream);
        try {
            response.setStatus(HttpStatus.OK.value());
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Accel-Buffering", "no"); // proxies must not hold events back
            AsyncContext async = request.startAsync();
            async.setTimeout(settings.timeout().toMillis());
            stream.connect(new SseConnection(async, response.getOutputStream(), closed -> remove(stream)));
        } catch (IOException | RuntimeException failed) {
            remove(stream);
            throw failed;
        }
        source.find(id).ifPresent(stream::offer);
    }

    /** Registers a stream within the limits, or refuses it (nothing registered). */
    private synchronized void admit(Stream stream) {
        if (all.size() >= settings.perInstance()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, Problems.SERVICE_UNAVAILABLE, "Too many streams",
                    "This instance has " + settings.perInstance() + " open " + kind + " streams; retry shortly (or poll the "
                            + kind + ").", Map.of(), Map.of("Retry-After", "5"));
        }
        if (count(byThing, stream.id) >= settings.perThing()) {
            throw tooMany(kind + " " + stream.id + " already has " + settings.perThing() + " open streams");
        }
        if (count(byUser, stream.userId) >= settings.perUser()) {
            throw tooMany("the " + kind + "s of user " + stream.userId + " already have " + settings.perUser() + " open streams");
        }
        all.add(stream);
        byThing.computeIfAbsent(stream.id, id -> ConcurrentHashMap.newKeySet()).add(stream);
        byUser.computeIfAbsent(stream.userId, id -> ConcurrentHashMap.newKeySet()).add(stream);
    }

    private ApiException tooMany(String why) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, Problems.TOO_MANY_REQUESTS, "Too many streams",
                why + "; close one first, or poll the " + kind + ".", Map.of(), Map.of("Retry-After", "5"));
    }

    private static <S> int count(Map<String, Set<S>> index, String key) {
        Set<S> streams = index.get(key);
        return streams == null ? 0 : streams.size();
    }

    private synchronized void remove(Stream stream) {
        all.remove(stream);
        removeFrom(byThing, stream.id, stream);
        removeFrom(byUser, stream.userId, stream);
    }

    private void removeFrom(Map<String, Set<Stream>> index, String key, Stream stream) {
        index.computeIfPresent(key, (id, streams) -> {
            streams.remove(stream);
            return streams.isEmpty() ? null : streams;
        });
    }

    /** A nudge: the thing changed on some instance; its streams here read it and send what is new. */
    public void changed(String id) {
        Set<Stream> streams = byThing.get(id);
        if (streams != null && !streams.isEmpty()) {
            source.find(id).ifPresent(thing -> streams.forEach(stream -> stream.offer(thing)));
        }
    }

    private void rereadAll() {
        for (String id : byThing.keySet()) {
            try {
                changed(id);
            } catch (RuntimeException e) {
                log.debug("Re-read of {} {} failed: {}", kind, id, e.toString());
            }
        }
    }

    private void heartbeat() {
        all.forEach(Stream::heartbeat);
    }

    /** Ends every stream (the instance is stopping). */
    public void close() {
        timer.shutdownNow();
        all.forEach(Stream::end);
    }

    /** Number of open streams (for tests and metrics). */
    int open() {
        return all.size();
    }

    private final class Stream {
        private final String id;
        private final String userId;
        private SseConnection connection;
        private long lastSent;

        Stream(String id, String userId, long lastSent) {
            this.id = id;
            this.userId = userId;
            this.lastSent = lastSent;
        }

        synchronized void connect(SseConnection connection) {
            this.connection = connection;
        }

        /** Sends the thing if it is newer than what this stream sent; ends the stream once it is terminal. */
        synchronized void offer(T thing) {
            if (connection == null || connection.closed()) {
                return;
            }
            long version = source.version(thing);
            if (version > lastSent) {
                connection.send(Long.toString(version), eventName, write(source.view(thing)));
                lastSent = version;
            }
            if (source.isTerminal(thing)) {
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

    private String write(Object view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
