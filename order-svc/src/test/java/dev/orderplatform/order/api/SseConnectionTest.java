package dev.orderplatform.order.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How one event stream writes: never waiting for a slow client, dropping one that stops reading. The connection
 * under test is the real class; only the servlet container's side (a socket that can or cannot take more bytes) is
 * played here, by {@link ClientSocket}.
 */
class SseConnectionTest {

    private final List<SseConnection> closed = new ArrayList<>();

    @Test
    void aReadingClientGetsEventsAndHeartbeatsAsTheyAreSent() {
        ClientSocket client = new ClientSocket(true);
        SseConnection connection = new SseConnection(client, client, closed::add);

        connection.send("1", "order", "{\"status\":\"PENDING_PAYMENT\"}");
        connection.heartbeat();

        assertThat(client.received()).isEqualTo("id: 1\nevent: order\ndata: {\"status\":\"PENDING_PAYMENT\"}\n\n: heartbeat\n\n");
        assertThat(client.flushes).as("each write reaches the client at once").isEqualTo(2);
        assertThat(closed).isEmpty();
    }

    @Test
    void aClientThatStopsReadingIsDroppedAtTheSecondHeartbeatWithoutBlockingTheWriter() {
        ClientSocket stalled = new ClientSocket(true);
        SseConnection connection = new SseConnection(stalled, stalled, closed::add);
        connection.send("1", "order", "{}");
        stalled.ready = false; // its socket buffer is full: it has stopped reading

        connection.send("2", "order", "{}"); // returns at once: the frame waits in the connection's queue
        connection.heartbeat();
        assertThat(closed).as("one heartbeat behind: a slow reader, not yet a stalled one").isEmpty();
        connection.heartbeat();

        assertThat(closed).containsExactly(connection);
        assertThat(stalled.completed).isTrue();
        assertThat(stalled.received()).isEqualTo("id: 1\nevent: order\ndata: {}\n\n");
    }

    @Test
    void aSlowClientThatCatchesUpBeforeTheNextHeartbeatKeepsItsStream() {
        ClientSocket slow = new ClientSocket(true);
        SseConnection connection = new SseConnection(slow, slow, closed::add);
        slow.ready = false;
        connection.send("1", "order", "{}");
        connection.heartbeat();

        slow.ready = true;
        connection.onWritePossible(); // the container: the client has read, the socket takes more
        connection.heartbeat();

        assertThat(closed).isEmpty();
        assertThat(slow.received()).isEqualTo("id: 1\nevent: order\ndata: {}\n\n: heartbeat\n\n: heartbeat\n\n");
    }

    @Test
    void aClientTooFarBehindIsDroppedAtOnce() {
        ClientSocket stalled = new ClientSocket(false);
        SseConnection connection = new SseConnection(stalled, stalled, closed::add);
        String big = "x".repeat(10_000);

        for (int i = 0; i < 7 && closed.isEmpty(); i++) {
            connection.send(Integer.toString(i), "order", big);
        }

        assertThat(closed).containsExactly(connection);
        assertThat(stalled.completed).isTrue();
    }

    @Test
    void aFinishedStreamEndsOnceItsLastEventIsWritten() {
        ClientSocket client = new ClientSocket(false);
        SseConnection connection = new SseConnection(client, client, closed::add);
        connection.send("2", "order", "{\"status\":\"PAID\"}");
        connection.endAfterWritten();
        assertThat(client.completed).as("not before the client has it").isFalse();

        client.ready = true;
        connection.onWritePossible();

        assertThat(client.received()).contains("id: 2");
        assertThat(client.completed).isTrue();
        assertThat(closed).containsExactly(connection);
        connection.send("3", "order", "{}");
        assertThat(client.received()).as("nothing after the end").doesNotContain("id: 3");
    }

    /** The container's side of one connection: a socket that takes bytes while {@link #ready}, and the async context. */
    private static final class ClientSocket extends ServletOutputStream implements AsyncContext {
        private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private boolean ready;
        private boolean completed;
        private int flushes;

        ClientSocket(boolean ready) {
            this.ready = ready;
        }

        String received() {
            return wire.toString(StandardCharsets.UTF_8);
        }

        @Override
        public boolean isReady() {
            return ready && !completed;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
        }

        @Override
        public void write(int b) {
            buffer.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            buffer.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            wire.writeBytes(buffer.toByteArray());
            buffer.reset();
            flushes++;
        }

        @Override
        public void complete() {
            completed = true;
        }

        @Override
        public ServletRequest getRequest() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ServletResponse getResponse() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hasOriginalRequestAndResponse() {
            return true;
        }

        @Override
        public void dispatch() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void dispatch(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void dispatch(ServletContext context, String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void start(Runnable run) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addListener(AsyncListener listener) {
        }

        @Override
        public void addListener(AsyncListener listener, ServletRequest request, ServletResponse response) {
        }

        @Override
        public <T extends AsyncListener> T createListener(Class<T> type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setTimeout(long timeout) {
        }

        @Override
        public long getTimeout() {
            return 0;
        }
    }
}
